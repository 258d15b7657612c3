package dev.wsm.store.sqlite.internal;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Renders jOOQ statements, built from the generated schema classes, to SQL once, at class
 * initialisation; {@link Conn} prepares each once per connection. Parameters are {@code ?} in the
 * order they appear in the statement.
 */
final class Sql {
  static {
    quiet();
  }

  private static final DSLContext DSL_CONTEXT =
      DSL.using(SQLDialect.SQLITE, new Settings().withRenderFormatted(false));

  private Sql() {}

  /**
   * jOOQ prints a banner and a "tip of the day" when its classes first load unless told not to;
   * called from the static initialisers that run before any jOOQ class loads.
   */
  static void quiet() {
    System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
    System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
  }

  /** A bind parameter typed like {@code field}. */
  static <T> Param<T> p(Field<T> field) {
    return DSL.param(field.getName(), field.getDataType());
  }

  static String render(Query query) {
    return DSL_CONTEXT.render(query);
  }

  static DSLContext dsl() {
    return DSL_CONTEXT;
  }
}
