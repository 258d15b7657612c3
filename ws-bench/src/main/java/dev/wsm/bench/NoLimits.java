package dev.wsm.bench;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.LimitOptions;

/**
 * Turns the abuse limits off ({@link LimitOptions#NONE}) in a benchmark's server: the load is the
 * measurement, not an attack, and rate or per-address limits would refuse most of it.
 */
public final class NoLimits extends AbstractModule {
  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), LimitOptions.class).setBinding()
        .toInstance(LimitOptions.NONE);
  }
}
