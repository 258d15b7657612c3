package dev.wsm.bench.storm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one storm; -1 marks a figure that was not measured (e.g. no server pid).
 *
 * @param label the server under test
 * @param clients clients dropped and reconnected
 * @param rooms rooms they are in
 * @param initialFailures connections or joins that failed before the storm
 * @param dropped clients whose connection was dropped
 * @param recovered clients that got {@code recovered:true}
 * @param notRecovered clients that got {@code recovered:false}
 * @param unresolved clients that got neither within the deadline or their attempts
 * @param resumeErrors {@code resume} requests answered with an error
 * @param retries reconnect attempts after a failed one
 * @param closedByServer connections the server closed during the run
 * @param totalMillis from the first reconnect to the last {@code recovered} frame
 * @param p50Millis per client, its first reconnect attempt to its {@code recovered} frame
 * @param p99Millis .
 * @param maxMillis .
 * @param resumeP99Millis per client, {@code resume} sent to {@code recovered}, p99
 * @param reconnectsPerSecond reconnect handshakes completed per second
 * @param listenOverflows the kernel's TcpExtListenOverflows increase during the storm (nstat)
 * @param missedReported the sum of {@code missed} in the {@code recovered} frames
 * @param recoveryMessages messages received between {@code resume} and {@code recovered}
 * @param published messages the publisher sent
 * @param lost messages a client never received (offset gaps, and offsets not reached at the end)
 * @param duplicates messages a client received twice (an offset not above the last seen)
 * @param liveP50Millis live latency at the steady clients before the drop, p50
 * @param liveP99Millis .
 * @param stormP50Millis live latency at the steady clients during the storm, p50
 * @param stormP99Millis .
 * @param stormMaxMillis .
 * @param serverCpuMillis server CPU (user + system) from the drop to the last {@code recovered}
 * @param serverCpuPercent that CPU over the wall time, in % of one core
 * @param serverRssKibBefore server RSS before the drop
 * @param serverRssKibMax highest server RSS sampled during the storm
 * @param toolCpuMillis this tool's CPU over the same time
 * @param toolMaxStallMillis the longest round of the tool's selector loop during the storm: live
 *     latency below it may be the tool's, not the server's
 */
public record StormResult(
    String label,
    int clients,
    int rooms,
    long initialFailures,
    long dropped,
    long recovered,
    long notRecovered,
    long unresolved,
    long resumeErrors,
    long retries,
    long closedByServer,
    double totalMillis,
    double p50Millis,
    double p99Millis,
    double maxMillis,
    double resumeP99Millis,
    double reconnectsPerSecond,
    long listenOverflows,
    long missedReported,
    long recoveryMessages,
    long published,
    long lost,
    long duplicates,
    double liveP50Millis,
    double liveP99Millis,
    double stormP50Millis,
    double stormP99Millis,
    double stormMaxMillis,
    double serverCpuMillis,
    double serverCpuPercent,
    long serverRssKibBefore,
    long serverRssKibMax,
    double toolCpuMillis,
    double toolMaxStallMillis) {

  /** Whether every client recovered, nothing was lost or repeated and no connection failed. */
  public boolean clean() {
    return initialFailures == 0 && recovered == dropped && dropped == clients && notRecovered == 0
        && unresolved == 0 && resumeErrors == 0 && lost == 0 && duplicates == 0;
  }

  /** The options and the figures as one JSON document. */
  public String toJson(StormOptions options) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("url", options.url().toString());
    o.put("clients", options.clients());
    o.put("rooms", options.rooms());
    o.put("steady", options.steady());
    o.put("rate", options.rate());
    o.put("payload", options.payloadBytes());
    o.put("connectConcurrency", options.connectConcurrency());
    o.put("warmMillis", options.warm().toMillis());
    o.put("downMillis", options.down().toMillis());
    o.put("jitterMillis", options.jitter().toMillis());
    o.put("seed", options.seed());
    doc.put("figure", "storm");
    doc.put("options", o);
    doc.put("result", this);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A human-readable summary. */
  public String table() {
    StringBuilder s = new StringBuilder();
    row(s, "server", label);
    row(s, "clients / rooms", String.format(Locale.ROOT, "%,d / %d", clients, rooms));
    row(s, "recovered true / false / none", recovered + " / " + notRecovered + " / " + unresolved);
    row(s, "lost / duplicated", lost + " / " + duplicates);
    row(s, "missed (reported / received)", missedReported + " / " + recoveryMessages);
    row(s, "all recovered after", ms(totalMillis));
    row(s, "per client p50 / p99 / max", ms(p50Millis) + " / " + ms(p99Millis) + " / " + ms(maxMillis));
    row(s, "resume → recovered p99", ms(resumeP99Millis));
    row(s, "reconnects/s", String.format(Locale.ROOT, "%,.0f", reconnectsPerSecond));
    row(s, "listen-queue overflows", listenOverflows < 0 ? "-" : Long.toString(listenOverflows));
    row(s, "live p50 / p99 before", ms(liveP50Millis) + " / " + ms(liveP99Millis));
    row(s, "live p50 / p99 / max storm", ms(stormP50Millis) + " / " + ms(stormP99Millis) + " / "
        + ms(stormMaxMillis));
    row(s, "server CPU in storm", String.format(Locale.ROOT, "%.0f ms (%.0f %% of a core)",
        serverCpuMillis, serverCpuPercent));
    row(s, "server RSS before / max", serverRssKibBefore / 1024 + " / " + serverRssKibMax / 1024 + " MiB");
    row(s, "tool CPU in storm", String.format(Locale.ROOT, "%.0f ms", toolCpuMillis));
    row(s, "tool's longest loop round", ms(toolMaxStallMillis));
    row(s, "retries / closed by server", retries + " / " + closedByServer);
    row(s, "published", Long.toString(published));
    return s.toString();
  }

  private static String ms(double v) {
    return v < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", v);
  }

  private static void row(StringBuilder s, String name, String value) {
    s.append(String.format(Locale.ROOT, "%-32s %s%n", name, value));
  }
}
