package dev.wsm.bench.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** CPU time per thread between {@link #mark()} and {@link #perThread(long)}, grouped by name. */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Map<Long, Long> START = new HashMap<>();

  private ThreadCpu() {}

  static void mark() {
    START.clear();
    for (long id : THREADS.getAllThreadIds()) {
      START.put(id, THREADS.getThreadCpuTime(id));
    }
  }

  /** Microseconds of CPU per operation, by thread name (digits folded), largest first. */
  static String perThread(long operations) {
    Map<String, Double> byName = new TreeMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      var info = THREADS.getThreadInfo(id);
      long now = THREADS.getThreadCpuTime(id);
      if (info == null || now < 0) {
        continue;
      }
      double micros = (now - START.getOrDefault(id, 0L)) / 1e3 / operations;
      byName.merge(info.getThreadName().replaceAll("\\d+", "N"), micros, Double::sum);
    }
    StringBuilder out = new StringBuilder();
    byName.entrySet().stream().filter(e -> e.getValue() >= 0.05)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(e -> out.append(String.format(Locale.ROOT, "%s=%.2f ", e.getKey(), e.getValue())));
    return out.toString().trim();
  }
}
