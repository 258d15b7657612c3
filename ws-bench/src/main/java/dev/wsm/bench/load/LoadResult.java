package dev.wsm.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run; -1 marks a figure that was not measured (e.g. no server pid given).
 *
 * @param label the server under test
 * @param scenario fanout, connect or idle
 * @param connections client connections opened
 * @param connectFailures connections whose handshake failed
 * @param connectPerSecond handshakes completed per second
 * @param listenOverflows the kernel's TcpExtListenOverflows increase during the connect phase
 * @param expectedDeliveries messages × receiving members
 * @param delivered deliveries received
 * @param lost expected − delivered
 * @param deliveredPerSecond deliveries per second, first publish to last delivery
 * @param p50Micros latency percentiles, publish to delivery, in µs
 * @param p90Micros .
 * @param p99Micros .
 * @param p999Micros .
 * @param maxMicros .
 * @param serverCpuMicrosPerDelivery server CPU (user + system) per delivery
 * @param toolCpuMicrosPerDelivery this tool's CPU per delivery
 * @param serverRssKib server RSS at the end
 * @param heapBytesPerConnection server heap after GC per connection (idle scenario)
 * @param rssBytesPerConnection server RSS increase per connection (idle scenario)
 * @param closedByServer connections the server closed during the run
 * @param perServer the subscribers' latency on each server, when they were spread over several
 *     (the publishers are on the first); empty otherwise
 */
public record LoadResult(
    String label,
    String scenario,
    int connections,
    long connectFailures,
    double connectPerSecond,
    long listenOverflows,
    long expectedDeliveries,
    long delivered,
    long lost,
    double deliveredPerSecond,
    long p50Micros,
    long p90Micros,
    long p99Micros,
    long p999Micros,
    long maxMicros,
    double serverCpuMicrosPerDelivery,
    double toolCpuMicrosPerDelivery,
    long serverRssKib,
    long heapBytesPerConnection,
    long rssBytesPerConnection,
    long closedByServer,
    List<ServerLatency> perServer) {

  /**
   * The latency of the deliveries to the subscribers on one server.
   *
   * @param server the server's index in the spread list (0: the publishers' server)
   * @param deliveries deliveries measured there
   * @param hop for servers other than 0, per message: its first delivery there minus its first
   *     delivery on server 0 (what the cross-node hop adds); null for server 0
   */
  public record ServerLatency(int server, long deliveries, long p50Micros, long p90Micros,
      long p99Micros, long p999Micros, long maxMicros, Hop hop) {
    static ServerLatency of(int server, org.HdrHistogram.Histogram h,
        org.HdrHistogram.Histogram hop) {
      return new ServerLatency(server, h.getTotalCount(), h.getValueAtPercentile(50),
          h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
          h.getMaxValue(), server == 0 ? null : new Hop(hop.getTotalCount(),
              hop.getValueAtPercentile(50), hop.getValueAtPercentile(99),
              hop.getValueAtPercentile(99.9), hop.getMaxValue()));
    }
  }

  /** The per-message delay a cross-node hop adds, over {@code messages} messages, in µs. */
  public record Hop(long messages, long p50Micros, long p99Micros, long p999Micros, long maxMicros) {}

  public String toJson(LoadOptions options) {
    Map<String, Object> doc = new LinkedHashMap<>();
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("url", options.url().toString());
    opts.put("scenario", options.scenario());
    opts.put("subscribers", options.subscribers());
    opts.put("rooms", options.rooms());
    opts.put("publishers", options.publishers());
    opts.put("messages", options.messages());
    opts.put("rate", options.rate());
    opts.put("payloadBytes", options.payloadBytes());
    opts.put("connectConcurrency", options.connectConcurrency());
    doc.put("options", opts);
    doc.put("result", this);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A human-readable summary table. */
  public String table() {
    StringBuilder t = new StringBuilder();
    row(t, "server", label);
    row(t, "scenario", scenario);
    row(t, "connections", connections + (connectFailures > 0 ? " (" + connectFailures + " failed)" : ""));
    row(t, "connect rate", String.format("%,.0f /s", connectPerSecond));
    if (listenOverflows >= 0) {
      row(t, "listen-queue overflows", Long.toString(listenOverflows));
    }
    if (expectedDeliveries > 0) {
      row(t, "delivered", String.format("%,d of %,d (lost %,d)", delivered, expectedDeliveries, lost));
      row(t, "delivered/s", String.format("%,.0f", deliveredPerSecond));
      row(t, "latency p50/p90/p99", String.format("%.2f / %.2f / %.2f ms", p50Micros / 1000.0,
          p90Micros / 1000.0, p99Micros / 1000.0));
      row(t, "latency p99.9/max", String.format("%.2f / %.2f ms", p999Micros / 1000.0, maxMicros / 1000.0));
      row(t, "server CPU/delivery", serverCpuMicrosPerDelivery < 0 ? "n/a (no --server-pid)"
          : String.format("%.2f µs", serverCpuMicrosPerDelivery));
      row(t, "tool CPU/delivery", String.format("%.2f µs", toolCpuMicrosPerDelivery));
      for (ServerLatency s : perServer) {
        row(t, "server " + s.server() + (s.server() == 0 ? " (publishers')" : ""),
            String.format("p50/p90/p99/p99.9 %.2f / %.2f / %.2f / %.2f ms (%,d deliveries)",
                s.p50Micros() / 1000.0, s.p90Micros() / 1000.0, s.p99Micros() / 1000.0,
                s.p999Micros() / 1000.0, s.deliveries()));
        if (s.hop() != null) {
          row(t, "hop to server " + s.server() + " adds", String.format(
              "p50/p99/p99.9/max %.2f / %.2f / %.2f / %.2f ms per message (%,d messages)",
              s.hop().p50Micros() / 1000.0, s.hop().p99Micros() / 1000.0,
              s.hop().p999Micros() / 1000.0, s.hop().maxMicros() / 1000.0, s.hop().messages()));
        }
      }
    }
    if (serverRssKib >= 0) {
      row(t, "server RSS", String.format("%,d KiB", serverRssKib));
    }
    if (heapBytesPerConnection >= 0) {
      row(t, "heap/connection (after GC)", String.format("%,d B", heapBytesPerConnection));
      row(t, "RSS/connection", String.format("%,d B", rssBytesPerConnection));
    }
    if (closedByServer > 0) {
      row(t, "closed by server", Long.toString(closedByServer));
    }
    return t.toString();
  }

  private static void row(StringBuilder t, String name, String value) {
    t.append(String.format("%-28s %s%n", name, value));
  }
}
