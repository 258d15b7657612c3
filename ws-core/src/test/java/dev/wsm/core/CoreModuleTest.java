package dev.wsm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.ConfigurationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.internal.InMemoryRoomStore;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.core.spi.Transport;
import dev.wsm.core.spi.TransportHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoreModuleTest {

  /** A transport that binds nothing: enough to build and start a hub without sockets. */
  static final class IdleTransport implements Transport {
    @Override public void start(TransportHandler handler) {}

    @Override public InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override public String path() {
      return "/ws";
    }

    @Override public void stop(Duration grace) {}
  }

  /** A user's own store, overriding the in-memory default the way adapters do. */
  static final class MyRoomStore extends AbstractModule {
    static final InMemoryRoomStore INSTANCE = new InMemoryRoomStore();

    @Override protected void configure() {
      OptionalBinder.newOptionalBinder(binder(), RoomStore.class).setBinding().toInstance(INSTANCE);
    }
  }

  static final class IdleTransportModule extends AbstractModule {
    @Override protected void configure() {
      OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(IdleTransport.class);
    }
  }

  @Test
  void anOverridingStoreModuleReplacesTheInMemoryDefaultEverywhere() throws Exception {
    Injector injector = Guice.createInjector(new CoreModule(HubOptions.DEFAULTS),
        new IdleTransportModule(), new MyRoomStore());
    Hub hub = injector.getInstance(Hub.class);
    hub.start();
    try {
      assertThat(injector.getInstance(RoomStore.class)).isSameAs(MyRoomStore.INSTANCE);
      hub.rooms().create(RoomId.of("mine"), RoomOptions.DEFAULTS).toCompletableFuture().get();
      assertThat(MyRoomStore.INSTANCE.find(RoomId.of("mine")).toCompletableFuture().get()).isPresent();
      assertThat(hub.url()).isEqualTo("ws://127.0.0.1:1/ws");
    } finally {
      hub.shutdown(Duration.ofSeconds(1));
    }
  }

  @Test
  void theRolesAreSingletonsSharedByTheHub() {
    Injector injector = Guice.createInjector(new CoreModule(), new IdleTransportModule());
    Hub hub = injector.getInstance(Hub.class);
    assertThat(hub).isSameAs(injector.getInstance(Hub.class));
    assertThat(hub.rooms()).isSameAs(injector.getInstance(RoomRegistry.class));
    assertThat(hub.connections()).isSameAs(injector.getInstance(ConnectionPool.class));
    assertThat(hub.presence()).isSameAs(injector.getInstance(PresenceTracker.class));
    assertThat(hub.router()).isSameAs(injector.getInstance(MessageRouter.class));
  }

  @Test
  void withoutATransportModuleTheInjectorSaysWhatIsMissing() {
    assertThatThrownBy(() -> Guice.createInjector(new CoreModule()).getInstance(Hub.class))
        .isInstanceOfAny(ConfigurationException.class, CreationException.class,
            com.google.inject.ProvisionException.class)
        .hasMessageContaining("Transport");
  }

  @Test
  void aHubStartsOnlyOnceAndShutdownIsIdempotent() {
    Hub hub = Guice.createInjector(new CoreModule(), new IdleTransportModule()).getInstance(Hub.class);
    hub.start();
    assertThatThrownBy(hub::start).isInstanceOf(IllegalStateException.class);
    hub.shutdown(Duration.ofMillis(100));
    hub.shutdown(Duration.ofMillis(100));
  }
}
