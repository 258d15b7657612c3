package dev.wsm.cli;

import dev.wsm.core.BackpressureOptions;
import picocli.CommandLine.Option;

/**
 * The back-pressure options of {@code wsm serve} (a picocli mixin), turned into {@link
 * BackpressureOptions} by {@link #toOptions()}, which throws {@link IllegalArgumentException} with a
 * one-line message naming the flag for a bad value.
 */
final class BackpressureFlags {
  @Option(names = "--max-pending-per-connection",
      defaultValue = "${env:WSM_MAX_PENDING_PER_CONNECTION:-"
          + BackpressureOptions.DEFAULT_MAX_PENDING_PER_CONNECTION + "}",
      description = "Requests of one connection waiting on the store before the server stops "
          + "reading it, until half have completed (env WSM_MAX_PENDING_PER_CONNECTION, "
          + "default ${DEFAULT-VALUE}).")
  int maxPendingPerConnection;

  @Option(names = "--max-pending-per-node",
      defaultValue = "${env:WSM_MAX_PENDING_PER_NODE:-"
          + BackpressureOptions.DEFAULT_MAX_PENDING_PER_NODE + "}",
      description = "Requests of all connections waiting on the store before the server stops "
          + "reading every connection that sends more, until half have completed; keep it well "
          + "below the store's own queue (env WSM_MAX_PENDING_PER_NODE, default ${DEFAULT-VALUE}).")
  int maxPendingPerNode;

  BackpressureOptions toOptions() {
    try {
      return new BackpressureOptions(maxPendingPerConnection, maxPendingPerNode);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage()
          .replace("maxPendingPerConnection", "--max-pending-per-connection")
          .replace("maxPendingPerNode", "--max-pending-per-node"), e);
    }
  }
}
