package dev.wsm.store.redis;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ConnectionQuota;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.Managed;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.PresenceRoster;
import dev.wsm.core.spi.PresenceStore;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.store.redis.internal.NodeLease;
import dev.wsm.store.redis.internal.RedisClusterBus;
import dev.wsm.store.redis.internal.RedisConnectionQuota;
import dev.wsm.store.redis.internal.RedisConnectionStore;
import dev.wsm.store.redis.internal.RedisConnector;
import dev.wsm.store.redis.internal.RedisInboxStore;
import dev.wsm.store.redis.internal.RedisMessageStore;
import dev.wsm.store.redis.internal.RedisPresenceRoster;
import dev.wsm.store.redis.internal.RedisPresenceStore;
import dev.wsm.store.redis.internal.RedisRoomStore;
import java.util.Objects;

/**
 * Replaces the in-memory stores with Redis ones and the single-node bus with a Redis cluster bus, so
 * that several wsm nodes sharing one Redis behave as one. Install it beside {@code CoreModule}; the
 * hub connects when it starts and disconnects when it stops.
 */
public final class RedisStoreModule extends AbstractModule {
  private final RedisOptions options;

  public RedisStoreModule(RedisOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  protected void configure() {
    bind(RedisOptions.class).toInstance(options);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(RedisConnector.class);
    // The store SPI on Redis; the lease is started after the connector (set order is bind order).
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(NodeLease.class);
    OptionalBinder.newOptionalBinder(binder(), RoomStore.class).setBinding()
        .to(RedisRoomStore.class);
    OptionalBinder.newOptionalBinder(binder(), MessageStore.class).setBinding()
        .to(RedisMessageStore.class);
    OptionalBinder.newOptionalBinder(binder(), InboxStore.class).setBinding()
        .to(RedisInboxStore.class);
    OptionalBinder.newOptionalBinder(binder(), PresenceStore.class).setBinding()
        .to(RedisPresenceStore.class);
    OptionalBinder.newOptionalBinder(binder(), ConnectionStore.class).setBinding()
        .to(RedisConnectionStore.class);
    OptionalBinder.newOptionalBinder(binder(), ClusterBus.class).setBinding().to(RedisClusterBus.class);
    OptionalBinder.newOptionalBinder(binder(), ConnectionQuota.class).setBinding()
        .to(RedisConnectionQuota.class);
    OptionalBinder.newOptionalBinder(binder(), PresenceRoster.class).setBinding()
        .to(RedisPresenceRoster.class);
  }
}
