package dev.wsm.core.internal;

import dev.wsm.core.ConnectionPool;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.Hub;
import dev.wsm.core.HubListener;
import dev.wsm.core.HubOptions;
import dev.wsm.core.MessageRouter;
import dev.wsm.core.PresenceTracker;
import dev.wsm.core.RequestHandler;
import dev.wsm.core.RoomRegistry;
import dev.wsm.core.UserId;
import dev.wsm.core.WsException;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterCommand;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.Managed;
import dev.wsm.core.spi.Transport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle owner. {@code start()} starts the {@link Managed} components (stores), the cluster
 * bus, the transport and the timers (one scheduler thread: heartbeats, sweeps, inbox purge); {@code
 * shutdown()} stops them in reverse.
 */
@Singleton
public final class CoreHub implements Hub {
  private static final Logger log = LoggerFactory.getLogger(CoreHub.class);
  private static final Duration INBOX_PURGE_INTERVAL = Duration.ofMinutes(1);
  /** How soon waiting state frames follow a drained queue, and how often shedding is reported. */
  private static final Duration PRESSURE_SWEEP_INTERVAL = Duration.ofMillis(100);

  private enum State { NEW, RUNNING, STOPPED }

  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final Transport transport;
  private final CoreTransportHandler transportHandler;
  private final InMemoryConnectionPool pool;
  private final DefaultRoomRegistry rooms;
  private final DefaultPresenceTracker presence;
  private final MessageRouter router;
  private final ClusterDelivery cluster;
  private final ClusterRelay relay;
  private final DeliveryPressure pressure;
  private final RequestBackpressure backpressure;
  private final HeartbeatMonitor heartbeats;
  private final InboxStore inbox;
  private final ClusterBus bus;
  private final LostNodeAnnouncer lostNodes;
  private final Callbacks callbacks;
  private final HubOptions options;
  private final Clock clock;
  private final List<Managed> managed;
  private final Deque<Managed> started = new ArrayDeque<>();
  private ScheduledExecutorService scheduler;

  @Inject
  public CoreHub(Transport transport, CoreTransportHandler transportHandler,
      InMemoryConnectionPool pool, DefaultRoomRegistry rooms, DefaultPresenceTracker presence,
      MessageRouter router, ClusterDelivery cluster, ClusterRelay relay, DeliveryPressure pressure,
      RequestBackpressure backpressure, HeartbeatMonitor heartbeats, InboxStore inbox, ClusterBus bus, LostNodeAnnouncer lostNodes,
      Callbacks callbacks, HubOptions options, Clock clock, Set<Managed> managed) {
    this.lostNodes = lostNodes;
    this.transport = transport;
    this.transportHandler = transportHandler;
    this.pool = pool;
    this.rooms = rooms;
    this.presence = presence;
    this.router = router;
    this.cluster = cluster;
    this.relay = relay;
    this.pressure = pressure;
    this.backpressure = backpressure;
    this.heartbeats = heartbeats;
    this.inbox = inbox;
    this.bus = bus;
    this.callbacks = callbacks;
    this.options = options;
    this.clock = clock;
    this.managed = List.copyOf(managed);
  }

  @Override
  public void start() {
    if (!state.compareAndSet(State.NEW, State.RUNNING)) {
      throw new IllegalStateException("a hub starts once");
    }
    try {
      for (Managed m : managed) {
        m.start();
        started.push(m);
      }
    } catch (RuntimeException e) {
      state.set(State.STOPPED);
      stopManaged(Duration.ZERO);
      callbacks.shutdown(Duration.ZERO);
      throw e instanceof WsException ? e : new WsException(ErrorCode.INTERNAL,
          "could not start: " + e.getMessage(), e);
    }
    bus.start(cluster::onClusterMessage, this::onClusterCommand);
    try {
      transport.start(transportHandler);
    } catch (RuntimeException e) {
      state.set(State.STOPPED);
      bus.stop();
      stopManaged(Duration.ZERO);
      callbacks.shutdown(Duration.ZERO);
      throw e instanceof WsException ? e : new WsException(ErrorCode.INTERNAL,
          "could not start the transport: " + e.getMessage(), e);
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "wsm-scheduler");
      t.setDaemon(true);
      return t;
    });
    every(options.heartbeatInterval(), heartbeats::tick);
    every(options.sweepInterval(), () -> {
      presence.sweep();
      rooms.expire();
      backpressure.sweep();
    });
    every(INBOX_PURGE_INTERVAL, () -> inbox.purge(clock.instant()));
    every(PRESSURE_SWEEP_INTERVAL, pressure::sweep);
  }

  private void every(Duration period, Runnable task) {
    long millis = period.toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.error("A scheduled task failed; it will run again", e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void shutdown(Duration grace) {
    if (state.getAndSet(State.STOPPED) != State.RUNNING) {
      return;
    }
    transportHandler.stopping();
    transport.stop(grace);
    scheduler.shutdownNow();
    bus.stop();
    callbacks.shutdown(grace);
    stopManaged(grace);
  }

  private void stopManaged(Duration grace) {
    while (!started.isEmpty()) {
      Managed m = started.pop();
      try {
        m.stop(grace);
      } catch (RuntimeException e) {
        log.error("Stopping {} failed", m.getClass().getSimpleName(), e);
      }
    }
  }

  @Override
  public InetSocketAddress address() {
    return transport.address();
  }

  @Override
  public String url() {
    InetSocketAddress a = transport.address();
    String host = a.getAddress() != null && a.getAddress().isAnyLocalAddress()
        ? "localhost" : a.getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return transport.scheme() + "://" + host + ":" + a.getPort() + transport.path();
  }

  @Override
  public void addListener(HubListener listener) {
    callbacks.addListener(listener);
  }

  @Override
  public void handle(String type, RequestHandler handler) {
    transportHandler.handle(type, handler);
  }

  @Override
  public int closeUser(UserId user, int code, String reason) {
    var command = new ClusterCommand.CloseUser(relay.node(), user, code, reason);
    if (!bus.publish(command)) {
      log.warn("The cluster bus dropped the kick of {}; only this node closed its connections", user);
    }
    return closeLocally(command);
  }

  private void onClusterCommand(ClusterCommand command) {
    if (command.origin().equals(relay.node())) {
      return;
    }
    if (command instanceof ClusterCommand.CloseUser close) {
      closeLocally(close);
    } else if (command instanceof ClusterCommand.CloseRoom close) {
      rooms.closedElsewhere(close.room(), close.reason());
    } else if (command instanceof ClusterCommand.Resync) {
      cluster.resync();
    } else if (command instanceof ClusterCommand.NodeLost lost) {
      lostNodes.announce(lost);
    }
  }

  private int closeLocally(ClusterCommand.CloseUser close) {
    var devices = List.copyOf(pool.liveByUser(close.user()));
    for (var c : devices) {
      c.close(close.code(), close.reason());
    }
    return devices.size();
  }

  @Override
  public ConnectionPool connections() {
    return pool;
  }

  @Override
  public RoomRegistry rooms() {
    return rooms;
  }

  @Override
  public PresenceTracker presence() {
    return presence;
  }

  @Override
  public MessageRouter router() {
    return router;
  }
}
