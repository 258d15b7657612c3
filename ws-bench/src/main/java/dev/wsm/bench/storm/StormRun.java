package dev.wsm.bench.storm;

import dev.wsm.bench.load.ProcStats;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Runs one reconnect storm: connect and join, publish (paced) for {@code warm}, drop every client's
 * TCP connection at once, reconnect them all with {@code resume}, publish on for {@code tail} after
 * the last {@code recovered}, then wait until every client has its room's last offset. Every phase
 * is bounded by the run's hard deadline.
 */
public final class StormRun {
  private StormRun() {}

  public static StormResult run(StormOptions o, PrintStream err) throws IOException {
    long deadline = System.nanoTime() + o.maxDuration().toNanos();
    long pid = o.serverPid();
    try (StormEngine e = new StormEngine(o)) {
      err.printf(Locale.ROOT, "storm: connecting %,d clients + %d steady + 1 publisher%n",
          o.clients(), o.steady());
      e.connectAll();
      while (!e.allReady()) {
        e.poll(5);
        check(deadline, "connecting: " + e.ready + " of " + e.conns().size() + " ready");
      }
      if (e.initialFailures + e.joinFailures > 0) {
        err.printf(Locale.ROOT, "storm: %d connections or joins failed before the storm%n",
            e.initialFailures + e.joinFailures);
      }
      err.printf(Locale.ROOT, "storm: publishing %d msg/s for %d ms%n", o.rate(), o.warm().toMillis());
      e.startPublishing();
      runFor(e, o.warm().toNanos(), deadline, 1);

      long rssBefore = pid > 0 ? ProcStats.rssKib(pid) : -1;
      long cpuBefore = pid > 0 ? ProcStats.cpuMicros(pid) : -1;
      long toolCpuBefore = ProcStats.cpuMicros(0);
      long overflowsBefore = ProcStats.listenOverflows();
      long dropAt = System.nanoTime();
      e.latencyPhase = 2;
      int dropped = e.dropClients(o.down().toNanos(), o.jitter().toNanos());
      long dropMillis = (System.nanoTime() - dropAt) / 1_000_000;
      err.printf(Locale.ROOT, "storm: dropped %,d connections in %d ms; reconnecting after %d ms"
          + " (+ up to %d ms jitter)%n", dropped, dropMillis, o.down().toMillis(), o.jitter().toMillis());
      long rssMax = rssBefore;
      long nextSample = System.nanoTime();
      long longestRound = 0;
      while (e.unresolved() > 0 && System.nanoTime() < deadline) {
        long roundStart = System.nanoTime();
        e.poll(1);
        longestRound = Math.max(longestRound, System.nanoTime() - roundStart);
        if (pid > 0 && System.nanoTime() >= nextSample) {
          rssMax = Math.max(rssMax, ProcStats.rssKib(pid));
          nextSample = System.nanoTime() + 100_000_000L;
        }
      }
      long stormEnd = e.lastRecoveredAt > 0 ? e.lastRecoveredAt : System.nanoTime();
      long cpuAfter = pid > 0 ? ProcStats.cpuMicros(pid) : -1;
      long toolCpuAfter = ProcStats.cpuMicros(0);
      long overflowsAfter = ProcStats.listenOverflows();
      long overflows = overflowsBefore < 0 || overflowsAfter < 0 ? -1 : overflowsAfter - overflowsBefore;
      if (pid > 0) {
        rssMax = Math.max(rssMax, ProcStats.rssKib(pid));
      }
      err.printf(Locale.ROOT, "storm: %,d recovered, %d not recovered, %d unresolved; publishing %d ms more%n",
          e.recoveredTrue, e.recoveredFalse, e.unresolved(), o.tail().toMillis());
      e.latencyPhase = 0;
      runFor(e, o.tail().toNanos(), deadline, 0);
      e.stopPublishing();
      long drainEnd = Math.min(deadline, System.nanoTime() + o.drainTimeout().toNanos());
      while (!e.caughtUp() && System.nanoTime() < drainEnd) {
        e.poll(5);
      }
      if (e.publisherFailed()) {
        throw new IOException("the publisher's connection failed or a publish was refused ("
            + e.publishErrors + " refused): the run measured nothing reliable");
      }
      return result(o, e, dropped, dropAt, stormEnd, cpuBefore, cpuAfter, toolCpuBefore,
          toolCpuAfter, rssBefore, rssMax, overflows, longestRound / 1e6);
    }
  }

  private static void runFor(StormEngine e, long nanos, long deadline, int latencyPhase)
      throws IOException {
    e.latencyPhase = latencyPhase;
    long end = Math.min(deadline, System.nanoTime() + nanos);
    while (System.nanoTime() < end) {
      e.poll(1);
    }
  }

  private static void check(long deadline, String what) throws IOException {
    if (System.nanoTime() > deadline) {
      throw new IOException("the run's maximum duration passed while " + what);
    }
  }

  private static StormResult result(StormOptions o, StormEngine e, int dropped, long dropAt,
      long stormEnd, long cpuBefore, long cpuAfter, long toolCpuBefore, long toolCpuAfter,
      long rssBefore, long rssMax, long overflows, double longestRoundMillis) {
    Histogram perClient = new Histogram(3_600_000_000L, 3);
    Histogram resume = new Histogram(3_600_000_000L, 3);
    long lost = 0;
    long duplicates = 0;
    long missed = 0;
    long recoveryMessages = 0;
    long unresolved = 0;
    for (StormClient c : e.conns()) {
      if (c.kind == StormClient.Kind.PUBLISHER) {
        continue;
      }
      lost += c.lost;
      duplicates += c.duplicates;
      boolean shouldHaveAll = c.state == StormEngine.LIVE || c.state == StormEngine.FAILED
          && c.epoch != null && (c.kind == StormClient.Kind.STEADY || c.recoveredAt != 0);
      if (shouldHaveAll) {
        lost += Math.max(0, e.lastOffset[c.room] - c.offset); // never reached the room's end
      }
      if (c.kind != StormClient.Kind.CLIENT || c.attempts == 0) {
        continue;
      }
      if (c.recoveredAt == 0) {
        unresolved++;
        continue;
      }
      perClient.recordValue(Math.max(0, (c.recoveredAt - c.reconnectStart) / 1000));
      resume.recordValue(Math.max(0, (c.recoveredAt - c.resumeSentAt) / 1000));
      if (c.recovered) {
        missed += Math.max(0, c.missed);
        recoveryMessages += c.recoveryMessages;
      }
    }
    double total = e.lastRecoveredAt == 0 ? -1 : (e.lastRecoveredAt - e.firstReconnectAt) / 1e6;
    double reconnectSeconds = (e.lastHandshakeAt - e.firstReconnectAt) / 1e9;
    double wallMicros = Math.max(1, (stormEnd - dropAt) / 1000.0);
    double serverCpu = cpuBefore < 0 || cpuAfter < 0 ? -1 : (cpuAfter - cpuBefore) / 1000.0;
    return new StormResult(o.label(), o.clients(), o.rooms(), e.initialFailures + e.joinFailures,
        dropped, e.recoveredTrue, e.recoveredFalse, unresolved, e.resumeErrors, e.retries,
        e.closedByServer, total, millis(perClient, 50), millis(perClient, 99),
        perClient.getTotalCount() == 0 ? -1 : perClient.getMaxValue() / 1000.0, millis(resume, 99),
        e.reconnectHandshakes == 0 || reconnectSeconds <= 0 ? -1 : e.reconnectHandshakes / reconnectSeconds,
        overflows,
        missed, recoveryMessages, e.published, lost, duplicates,
        millis(e.baselineLatencyMicros, 50), millis(e.baselineLatencyMicros, 99),
        millis(e.stormLatencyMicros, 50), millis(e.stormLatencyMicros, 99),
        e.stormLatencyMicros.getTotalCount() == 0 ? -1 : e.stormLatencyMicros.getMaxValue() / 1000.0,
        serverCpu, serverCpu < 0 ? -1 : serverCpu * 1000 / wallMicros * 100,
        rssBefore, rssMax, (toolCpuAfter - toolCpuBefore) / 1000.0, longestRoundMillis);
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
