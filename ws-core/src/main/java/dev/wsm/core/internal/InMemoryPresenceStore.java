package dev.wsm.core.internal;

import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRecord;
import dev.wsm.core.spi.PresenceStore;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Last known presence in memory. */
@Singleton
public final class InMemoryPresenceStore implements PresenceStore {
  private final ConcurrentHashMap<UserId, PresenceRecord> records = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<Void> save(PresenceRecord record) {
    records.put(record.user(), record);
    return Futures.done(null);
  }

  @Override
  public CompletionStage<Optional<PresenceRecord>> find(UserId user) {
    return Futures.done(Optional.ofNullable(records.get(user)));
  }
}
