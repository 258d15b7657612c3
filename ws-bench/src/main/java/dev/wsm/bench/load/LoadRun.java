package dev.wsm.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** Runs one scenario of the load tool and returns its figures. */
public final class LoadRun {
  private LoadRun() {}

  public static LoadResult run(LoadOptions o, PrintStream err) throws IOException {
    return run(o, List.of(), err);
  }

  /**
   * As {@link #run(LoadOptions, PrintStream)}, with the subscribers spread round-robin over {@code
   * subscriberAddresses} (empty: all on the url's server); publishers connect to the url.
   */
  public static LoadResult run(LoadOptions o, List<java.net.InetSocketAddress> subscriberAddresses,
      PrintStream err) throws IOException {
    Progress progress = new Progress(err, o.progress());
    long deadline = System.nanoTime() + o.maxDuration().toNanos();
    try (LoadEngine engine = new LoadEngine(o, progress)) {
      engine.spreadSubscribers(subscriberAddresses);
      LoadResult result = switch (o.scenario()) {
        case "connect" -> connect(o, engine, progress, deadline);
        case "idle" -> idle(o, engine, progress, deadline);
        default -> fanout(o, engine, progress, deadline);
      };
      progress.done();
      return result;
    }
  }

  private static LoadResult connect(LoadOptions o, LoadEngine e, Progress progress, long deadline)
      throws IOException {
    progress.phase("connect", 0);
    long overflowsBefore = ProcStats.listenOverflows();
    long start = System.nanoTime();
    e.connectAll(deadline, false);
    double seconds = (System.nanoTime() - start) / 1e9;
    long overflowsAfter = ProcStats.listenOverflows();
    long overflows = overflowsBefore < 0 || overflowsAfter < 0 ? -1 : overflowsAfter - overflowsBefore;
    return new LoadResult(o.label(), o.scenario(), e.connectionCount(), e.handshakeFailures,
        e.handshakesDone / seconds, overflows, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1,
        o.serverPid() > 0 ? ProcStats.rssKib(o.serverPid()) : -1, -1, -1, e.closedByServer, List.of());
  }

  private static LoadResult idle(LoadOptions o, LoadEngine e, Progress progress, long deadline)
      throws IOException {
    long pid = o.serverPid();
    long heapBefore = pid > 0 ? ProcStats.heapUsedAfterGcKib(pid) : -1;
    long rssBefore = pid > 0 ? ProcStats.rssKib(pid) : -1;
    progress.phase("idle", 0);
    long start = System.nanoTime();
    e.connectAll(deadline, false);
    double seconds = (System.nanoTime() - start) / 1e9;
    long settle = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < settle) {
      e.poll(50, false);
    }
    long heapAfter = pid > 0 ? ProcStats.heapUsedAfterGcKib(pid) : -1;
    long rssAfter = pid > 0 ? ProcStats.rssKib(pid) : -1;
    long n = Math.max(1, e.handshakesDone);
    long heapPer = heapBefore < 0 || heapAfter < 0 ? -1 : (heapAfter - heapBefore) * 1024 / n;
    long rssPer = rssBefore < 0 || rssAfter < 0 ? -1 : (rssAfter - rssBefore) * 1024 / n;
    return new LoadResult(o.label(), o.scenario(), e.connectionCount(), e.handshakeFailures,
        e.handshakesDone / seconds, -1, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, rssAfter, heapPer,
        rssPer, e.closedByServer, List.of());
  }

  private static LoadResult fanout(LoadOptions o, LoadEngine e, Progress progress, long deadline)
      throws IOException {
    progress.phase("connect", 0);
    long connectStart = System.nanoTime();
    e.connectAll(deadline, true);
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    e.awaitJoined(deadline);

    List<LoadEngine.Conn> publishers = e.publishers();
    int[] members = new int[o.rooms()];
    for (int i = 0; i < o.subscribers(); i++) {
      members[i % o.rooms()]++;
    }
    for (int j = 0; j < o.publishers(); j++) {
      members[j % o.rooms()]++;
    }
    long expected = 0;
    for (int i = 0; i < o.messages(); i++) {
      expected += members[publishers.get(i % publishers.size()).room] - 1;
    }
    progress.phase(o.rate() == 0 ? "burst" : "paced", expected);

    String padding = "x".repeat(Math.max(1, o.payloadBytes() - 30));
    long serverCpuBefore = o.serverPid() > 0 ? ProcStats.cpuMicros(o.serverPid()) : -1;
    long toolCpuBefore = ProcStats.cpuMicros(0);
    long publishStart = System.nanoTime();
    Timeline timeline = o.timeline() == null ? null
        : new Timeline(publishStart, o.maxDuration().toSeconds());
    e.timeline(timeline);
    long intervalNanos = o.rate() == 0 ? 0 : 1_000_000_000L / o.rate();
    long next = publishStart;
    for (int i = 0; i < o.messages(); i++) {
      LoadEngine.Conn p = publishers.get(i % publishers.size());
      long stamp;
      if (intervalNanos > 0) {
        for (long wait; (wait = next - System.nanoTime()) > 0; ) {
          if (wait >= 1_000_000) {
            e.poll(1, false);
          } else {
            // Under a millisecond to go: read what is there, then sleep briefly instead of
            // spinning, so the tool does not take a whole core from the servers it measures.
            e.selectNow();
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 100_000));
          }
        }
        stamp = next; // the intended time: a late send shows up as latency
        next += intervalNanos;
      } else {
        stamp = System.nanoTime();
      }
      e.send(p, LoadEngine.frame("{\"type\":\"publish\",\"room\":\"room-" + p.room
          + "\",\"data\":{\"t\":" + stamp + ",\"p\":\"" + padding + "\"}}"));
      if (intervalNanos == 0 && (i & 63) == 63) {
        e.selectNow();
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    long publishedAt = System.nanoTime();
    long drainNanos = o.drainTimeout().toNanos();
    long lastProgress = publishedAt;
    long lastCount = e.delivered;
    while (e.delivered < expected && System.nanoTime() < deadline) {
      e.poll(5, false);
      if (e.delivered != lastCount || e.hasPendingWrites()) {
        lastCount = e.delivered;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > drainNanos) {
        break;
      }
    }
    long serverCpuAfter = o.serverPid() > 0 ? ProcStats.cpuMicros(o.serverPid()) : -1;
    long toolCpuAfter = ProcStats.cpuMicros(0);
    if (timeline != null) {
      timeline.write(o.timeline());
    }
    double seconds = Math.max(1e-9, (e.lastDeliveryNanos - publishStart) / 1e9);
    long delivered = e.delivered;
    var h = e.latency();
    var hops = e.hopByServer();
    double serverPer = serverCpuBefore < 0 || serverCpuAfter < 0 || delivered == 0 ? -1
        : (serverCpuAfter - serverCpuBefore) / (double) delivered;
    double toolPer = delivered == 0 ? -1 : (toolCpuAfter - toolCpuBefore) / (double) delivered;
    return new LoadResult(o.label(), o.scenario(), e.connectionCount(), e.handshakeFailures,
        e.handshakesDone / connectSeconds, -1, expected, delivered, expected - delivered,
        delivered / seconds, h.getValueAtPercentile(50), h.getValueAtPercentile(90),
        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), serverPer, toolPer,
        o.serverPid() > 0 ? ProcStats.rssKib(o.serverPid()) : -1, -1, -1, e.closedByServer,
        java.util.stream.IntStream.range(0, e.latencyByServer().size())
            .mapToObj(i -> LoadResult.ServerLatency.of(i, e.latencyByServer().get(i), hops.get(i)))
            .toList());
  }
}
