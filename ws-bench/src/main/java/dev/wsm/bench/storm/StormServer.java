package dev.wsm.bench.storm;

import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.CoreModule;
import dev.wsm.core.Hub;
import dev.wsm.core.HubOptions;
import dev.wsm.core.LimitOptions;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The server a storm starts in a child JVM (so that it can be pinned with {@code taskset} and has
 * its own file limit): Netty on a free loopback port, the in-memory or SQLite store, abuse limits
 * off ({@link LimitOptions#NONE}: the storm is load, not abuse) and no per-user connection cap.
 * Prints {@code listening <url>} once started and shuts down when its standard input closes.
 *
 * <p>Arguments: {@code memory} or {@code sqlite <database file>}.
 */
public final class StormServer {
  private StormServer() {}

  /** The hub for a store: {@code memory}, or {@code sqlite} with a database file. */
  static Hub hub(String store, Path db) {
    Module storeModule = "sqlite".equals(store) ? new SqliteStoreModule(SqliteOptions.at(db))
        : binder -> { };
    return Guice.createInjector(new CoreModule(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0)),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), storeModule,
        new dev.wsm.bench.NoLimits())
        .getInstance(Hub.class);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || !(args[0].equals("memory") || args[0].equals("sqlite") && args.length == 2)) {
      System.err.println("usage: StormServer memory | sqlite <database file>");
      System.exit(2);
    }
    Hub hub = hub(args[0], args.length == 2 ? Path.of(args[1]) : null);
    hub.start();
    System.out.println("listening " + hub.url());
    System.out.flush();
    try {
      while (System.in.read() >= 0) {
        // wait for the parent to close our input
      }
    } finally {
      hub.shutdown(Duration.ofSeconds(5));
    }
    System.exit(0);
  }
}
