package dev.wsm.core.internal;

import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.Authorizer;

/**
 * The default {@link Authorizer}: allows everything the protocol's own rules allow (membership for
 * publish, history and members; passwords for private rooms). Never blocks.
 */
public final class DefaultAuthorizer implements Authorizer {
  @Override
  public Decision authorize(Access access) {
    return Decision.allow();
  }

  @Override
  public boolean mayBlock() {
    return false;
  }
}
