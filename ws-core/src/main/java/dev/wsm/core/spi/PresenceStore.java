package dev.wsm.core.spi;

import dev.wsm.core.UserId;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Users' last known presence, for last-seen after they go offline and for presence across nodes.
 * Contract: non-blocking (see {@link RoomStore}); last write wins.
 */
public interface PresenceStore {
  CompletionStage<Void> save(PresenceRecord record);

  CompletionStage<Optional<PresenceRecord>> find(UserId user);
}
