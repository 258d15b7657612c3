package dev.wsm.bench.load;

import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn at most four times a second. */
final class Progress {
  private final PrintStream err;
  private final boolean enabled;
  private String phase = "";
  private long expected;
  private long lastDraw;

  Progress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  void phase(String name, long expectedDeliveries) {
    this.phase = name;
    this.expected = expectedDeliveries;
  }

  void tick(LoadEngine engine) {
    long now = System.nanoTime();
    if (!enabled || now - lastDraw < 250_000_000L) {
      return;
    }
    lastDraw = now;
    StringBuilder line = new StringBuilder("\r[").append(phase).append("] connected ")
        .append(engine.handshakesDone).append('/').append(engine.connectionCount());
    if (expected > 0) {
      int width = 30;
      int filled = (int) Math.min(width, engine.delivered * width / expected);
      line.append("  [").append("#".repeat(filled)).append(" ".repeat(width - filled)).append("] ")
          .append(engine.delivered).append('/').append(expected);
    }
    err.print(line.append("   "));
    err.flush();
  }

  void done() {
    if (enabled) {
      err.print("\r" + " ".repeat(100) + "\r");
      err.flush();
    }
  }
}
