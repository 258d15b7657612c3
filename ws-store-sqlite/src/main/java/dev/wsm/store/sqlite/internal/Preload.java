package dev.wsm.store.sqlite.internal;

/**
 * Loads the store classes, whose static initialisers render every SQL statement with jOOQ (about
 * 0.8 s of class loading on a cold JVM), on a background thread, so that the work overlaps the rest
 * of start-up instead of adding to it. Harmless if the classes are already loaded.
 */
public final class Preload {
  private static volatile boolean started;

  private Preload() {}

  public static void start() {
    if (started) {
      return;
    }
    started = true;
    Thread t = new Thread(() -> {
      for (Class<?> c : new Class<?>[] {SqliteMessageStore.class, SqliteRoomStore.class,
          SqliteInboxStore.class, SqlitePresenceStore.class, SqliteConnectionStore.class,
          Purger.class, SqliteDatabase.class}) {
        try {
          Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          return; // the real use reports it
        }
      }
    }, "wsm-sqlite-preload");
    t.setDaemon(true);
    t.start();
  }
}
