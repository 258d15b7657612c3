package dev.wsm.testkit.contract;

import dev.wsm.core.internal.InMemoryPresenceRoster;
import dev.wsm.core.spi.PresenceRoster;

class InMemoryPresenceRosterTest extends PresenceRosterContract {
  @Override
  protected PresenceRoster createRoster() {
    return new InMemoryPresenceRoster();
  }
}
