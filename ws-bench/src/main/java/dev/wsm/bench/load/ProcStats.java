package dev.wsm.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPU and memory of a local process, from /proc and jcmd (Linux only). */
public final class ProcStats {
  /** Linux's USER_HZ: /proc reports CPU time in 1/100 s. */
  private static final long TICK_MICROS = 10_000;
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private ProcStats() {}

  /** User + system CPU time of a process in microseconds, or -1 if unreadable. */
  public static long cpuMicros(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid == 0 ? "self" : Long.toString(pid), "stat"));
      // Fields after the command name (which may contain spaces) start after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MICROS;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident set size in KiB, or -1. */
  public static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }

  /** Heap in use after a full GC, in KiB, via jcmd; -1 if jcmd is unavailable. */
  public static long heapUsedAfterGcKib(long pid) {
    if (run("jcmd", Long.toString(pid), "GC.run") == null) {
      return -1;
    }
    String info = run("jcmd", Long.toString(pid), "GC.heap_info");
    if (info == null) {
      return -1;
    }
    // G1 prints one heap line; Serial and Parallel print one line per generation: sum them all,
    // leaving out metaspace.
    long used = -1;
    for (String line : info.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space")) {
        continue;
      }
      Matcher m = HEAP_USED.matcher(trimmed);
      if (m.find()) {
        used = Math.max(used, 0) + Long.parseLong(m.group(1));
      }
    }
    return used;
  }

  /** The TcpExtListenOverflows counter (nstat), or -1. */
  public static long listenOverflows() {
    String out = run("nstat", "-az", "TcpExtListenOverflows");
    if (out == null) {
      return -1;
    }
    for (String line : out.split("\n")) {
      if (line.startsWith("TcpExtListenOverflows")) {
        return Long.parseLong(line.trim().split("\\s+")[1]);
      }
    }
    return -1;
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
