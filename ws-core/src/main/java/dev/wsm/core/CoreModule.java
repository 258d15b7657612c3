package dev.wsm.core;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.internal.AnonymousAuthenticator;
import dev.wsm.core.internal.CoreHub;
import dev.wsm.core.internal.DefaultAuthorizer;
import dev.wsm.core.internal.DefaultMessageRouter;
import dev.wsm.core.internal.DefaultPresenceTracker;
import dev.wsm.core.internal.DefaultRoomRegistry;
import dev.wsm.core.internal.InMemoryConnectionPool;
import dev.wsm.core.internal.InMemoryConnectionStore;
import dev.wsm.core.internal.InMemoryInboxStore;
import dev.wsm.core.internal.InMemoryMessageStore;
import dev.wsm.core.internal.InMemoryPresenceStore;
import dev.wsm.core.internal.InMemoryRoomStore;
import dev.wsm.core.internal.InMemoryStoreOptions;
import dev.wsm.core.internal.LocalClusterBus;
import dev.wsm.core.spi.Authenticator;
import dev.wsm.core.spi.Authorizer;
import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.Managed;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.PresenceStore;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.core.spi.Transport;
import java.time.Clock;

/**
 * Binds the core roles and in-memory defaults for every store, the local cluster bus, the system
 * clock, the development-mode {@link Authenticator}, the {@link Authorizer} that allows what the
 * protocol allows, and {@link PasswordAttemptLimits#DEFAULTS}. Other modules override a default with
 * {@code OptionalBinder.newOptionalBinder(binder(), X.class).setBinding()}. A {@link Transport} has no
 * default: install a transport module.
 */
public final class CoreModule extends AbstractModule {
  private final HubOptions options;

  public CoreModule() {
    this(HubOptions.DEFAULTS);
  }

  public CoreModule(HubOptions options) {
    this.options = java.util.Objects.requireNonNull(options, "options");
  }

  @Override
  protected void configure() {
    bind(HubOptions.class).toInstance(options);
    OptionalBinder.newOptionalBinder(binder(), Clock.class).setDefault().toInstance(Clock.systemUTC());
    OptionalBinder.newOptionalBinder(binder(), ResumeOptions.class).setDefault()
        .toInstance(ResumeOptions.DEFAULTS);
    OptionalBinder.newOptionalBinder(binder(), DeliveryOptions.class).setDefault()
        .toInstance(DeliveryOptions.DEFAULTS);
    OptionalBinder.newOptionalBinder(binder(), BackpressureOptions.class).setDefault()
        .toInstance(BackpressureOptions.DEFAULTS);
    OptionalBinder.newOptionalBinder(binder(), LimitOptions.class).setDefault()
        .toInstance(LimitOptions.DEFAULTS);
    OptionalBinder.newOptionalBinder(binder(), InboxOptions.class).setDefault()
        .toInstance(InboxOptions.DEFAULTS);
    OptionalBinder.newOptionalBinder(binder(), InMemoryStoreOptions.class).setDefault()
        .toInstance(InMemoryStoreOptions.DEFAULTS);
    OptionalBinder.newOptionalBinder(binder(), RoomStore.class).setDefault().to(InMemoryRoomStore.class);
    OptionalBinder.newOptionalBinder(binder(), MessageStore.class).setDefault().to(InMemoryMessageStore.class);
    OptionalBinder.newOptionalBinder(binder(), InboxStore.class).setDefault().to(InMemoryInboxStore.class);
    OptionalBinder.newOptionalBinder(binder(), PresenceStore.class).setDefault().to(InMemoryPresenceStore.class);
    OptionalBinder.newOptionalBinder(binder(), ConnectionStore.class).setDefault()
        .to(InMemoryConnectionStore.class);
    OptionalBinder.newOptionalBinder(binder(), ClusterBus.class).setDefault().to(LocalClusterBus.class);
    OptionalBinder.newOptionalBinder(binder(), dev.wsm.core.spi.ConnectionQuota.class).setDefault()
        .to(dev.wsm.core.internal.InMemoryConnectionQuota.class);
    OptionalBinder.newOptionalBinder(binder(), dev.wsm.core.spi.PresenceRoster.class).setDefault()
        .to(dev.wsm.core.internal.InMemoryPresenceRoster.class);
    OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setDefault()
        .to(AnonymousAuthenticator.class);
    OptionalBinder.newOptionalBinder(binder(), Authorizer.class).setDefault().to(DefaultAuthorizer.class);
    OptionalBinder.newOptionalBinder(binder(), PasswordAttemptLimits.class).setDefault()
        .toInstance(PasswordAttemptLimits.DEFAULTS);
    OptionalBinder.newOptionalBinder(binder(), Transport.class);
    Multibinder.newSetBinder(binder(), Managed.class);

    bind(Hub.class).to(CoreHub.class);
    bind(ConnectionPool.class).to(InMemoryConnectionPool.class);
    bind(RoomRegistry.class).to(DefaultRoomRegistry.class);
    bind(PresenceTracker.class).to(DefaultPresenceTracker.class);
    bind(MessageRouter.class).to(DefaultMessageRouter.class);
  }
}
