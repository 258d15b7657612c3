package dev.wsm.store.redis;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.Managed;
import dev.wsm.store.redis.internal.RedisClusterBus;
import dev.wsm.store.redis.internal.RedisConnector;
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
    OptionalBinder.newOptionalBinder(binder(), ClusterBus.class).setBinding().to(RedisClusterBus.class);
  }
}
