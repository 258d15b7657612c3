package dev.wsm.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Deliveries and their slowest latency per 10 ms of send time, so that a run's tail can be laid
 * beside the server's GC log: a stall shows as the buckets whose maximum jumps. Written as CSV with
 * the wall-clock time of each bucket (the tool's monotonic clock mapped once at the first publish).
 * Not thread-safe: the tool's one thread records.
 */
final class Timeline {
  private static final long BUCKET_NANOS = 10_000_000L;
  private final long startNanos;
  private final long startEpochMillis;
  private final int[] deliveries;
  private final long[] maxMicros;

  /** Buckets from {@code startNanos} (the first publish) over {@code seconds}. */
  Timeline(long startNanos, long seconds) {
    this.startNanos = startNanos;
    this.startEpochMillis = System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
    int buckets = (int) Math.min(Integer.MAX_VALUE - 8, seconds * 1_000_000_000L / BUCKET_NANOS + 1);
    this.deliveries = new int[buckets];
    this.maxMicros = new long[buckets];
  }

  /** A delivery of the message stamped {@code sentNanos} that took {@code micros}. */
  void record(long sentNanos, long micros) {
    long bucket = (sentNanos - startNanos) / BUCKET_NANOS;
    if (bucket >= 0 && bucket < deliveries.length) {
      deliveries[(int) bucket]++;
      maxMicros[(int) bucket] = Math.max(maxMicros[(int) bucket], micros);
    }
  }

  /** Writes the buckets that had deliveries: send time (ms after the first publish), wall clock. */
  void write(Path file) throws IOException {
    StringBuilder csv = new StringBuilder("send_ms,epoch_ms,deliveries,max_latency_us\n");
    for (int i = 0; i < deliveries.length; i++) {
      if (deliveries[i] > 0) {
        long ms = i * BUCKET_NANOS / 1_000_000;
        csv.append(ms).append(',').append(startEpochMillis + ms).append(',')
            .append(deliveries[i]).append(',').append(maxMicros[i]).append('\n');
      }
    }
    Files.writeString(file, csv);
  }
}
