package dev.wsm.store.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.Managed;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.PresenceStore;
import dev.wsm.core.spi.RoomStore;
import dev.wsm.store.sqlite.internal.Preload;
import dev.wsm.store.sqlite.internal.SqliteConnectionStore;
import dev.wsm.store.sqlite.internal.SqliteDatabase;
import dev.wsm.store.sqlite.internal.SqliteInboxStore;
import dev.wsm.store.sqlite.internal.SqliteMessageStore;
import dev.wsm.store.sqlite.internal.SqlitePresenceStore;
import dev.wsm.store.sqlite.internal.SqliteRoomStore;
import java.util.Objects;

/**
 * Replaces the in-memory stores with SQLite ones on one database file. Install it beside {@code
 * CoreModule}; the hub opens the database when it starts and closes it when it stops.
 */
public final class SqliteStoreModule extends AbstractModule {
  private final SqliteOptions options;

  static {
    // Keeps jOOQ's start-up banner out of operators' logs (it prints when its classes load).
    System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
    System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
  }

  /** Also starts loading the store's SQL statements in the background, to shorten start-up. */
  public SqliteStoreModule(SqliteOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    Preload.start();
  }

  @Override
  protected void configure() {
    bind(SqliteOptions.class).toInstance(options);
    Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(SqliteDatabase.class);
    OptionalBinder.newOptionalBinder(binder(), RoomStore.class).setBinding().to(SqliteRoomStore.class);
    OptionalBinder.newOptionalBinder(binder(), MessageStore.class).setBinding()
        .to(SqliteMessageStore.class);
    OptionalBinder.newOptionalBinder(binder(), InboxStore.class).setBinding()
        .to(SqliteInboxStore.class);
    OptionalBinder.newOptionalBinder(binder(), PresenceStore.class).setBinding()
        .to(SqlitePresenceStore.class);
    OptionalBinder.newOptionalBinder(binder(), ConnectionStore.class).setBinding()
        .to(SqliteConnectionStore.class);
  }
}
