package dev.wsm.bench.jmh;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.CoreModule;
import dev.wsm.core.HubOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.internal.InMemoryConnectionPool;
import dev.wsm.core.internal.LiveConnection;
import dev.wsm.core.internal.LocalRoomIndex;
import dev.wsm.core.spi.Principal;
import dev.wsm.core.spi.Transport;
import java.time.Clock;

/**
 * The real core objects, wired by Guice exactly as a server wires them (in-memory stores, local
 * cluster bus, {@link HubOptions#DEFAULTS}), with {@link NoIoTransport} in place of a transport.
 * Connections are added straight to the pool and the room index, as the dispatcher does after a
 * handshake and a join, without the handshake and the join.
 */
final class BenchCore {
  final Injector injector;
  final InMemoryConnectionPool pool;
  final LocalRoomIndex index;
  final Clock clock;

  BenchCore() {
    injector = Guice.createInjector(new CoreModule(HubOptions.DEFAULTS), new AbstractModule() {
      @Override
      protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(NoIoTransport.class);
      }
    }, new dev.wsm.bench.NoLimits());
    pool = injector.getInstance(InMemoryConnectionPool.class);
    index = injector.getInstance(LocalRoomIndex.class);
    clock = injector.getInstance(Clock.class);
  }

  <T> T get(Class<T> type) {
    return injector.getInstance(type);
  }

  /** Opens a connection of {@code user} on a fresh {@link CountingSession} and adds it to the pool. */
  LiveConnection connect(String user) {
    LiveConnection c = new LiveConnection(ConnectionId.random(), Principal.of(UserId.of(user)),
        new CountingSession(), clock);
    if (!pool.add(c)) {
      throw new IllegalStateException("the pool refused " + c + " (per-user limit?)");
    }
    return c;
  }

  /** Puts a connection in a room's fan-out index. */
  void join(RoomId room, LiveConnection c) {
    index.add(room, c);
  }
}
