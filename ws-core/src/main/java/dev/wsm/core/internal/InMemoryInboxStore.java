package dev.wsm.core.internal;

import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Offline inboxes in memory, bounded per user by count and age. */
@Singleton
public final class InMemoryInboxStore implements InboxStore {
  private final ConcurrentHashMap<UserId, LinkedHashMap<MessageId, StoredMessage>> inboxes =
      new ConcurrentHashMap<>();
  private final int capacity;
  private final Duration maxAge;
  private final Clock clock;

  @Inject
  public InMemoryInboxStore(InMemoryStoreOptions options, Clock clock) {
    this.capacity = options.inboxPerUser();
    this.maxAge = options.inboxMaxAge();
    this.clock = clock;
  }

  @Override
  public CompletionStage<Boolean> enqueue(UserId user, StoredMessage message) {
    boolean[] added = {false};
    inboxes.compute(user, (u, inbox) -> {
      LinkedHashMap<MessageId, StoredMessage> box = inbox == null ? new LinkedHashMap<>() : inbox;
      if (box.putIfAbsent(message.id(), message) == null) {
        added[0] = true;
        if (box.size() > capacity) {
          Iterator<MessageId> oldest = box.keySet().iterator();
          oldest.next();
          oldest.remove();
        }
      }
      return box;
    });
    return Futures.done(added[0]);
  }

  @Override
  public CompletionStage<List<StoredMessage>> pending(UserId user, int limit) {
    Instant now = clock.instant();
    List<StoredMessage> result = new ArrayList<>();
    inboxes.computeIfPresent(user, (u, box) -> {
      for (StoredMessage m : box.values()) {
        if (result.size() >= limit) {
          break;
        }
        if (!m.isExpired(now) && !tooOld(m, now)) {
          result.add(m);
        }
      }
      return box;
    });
    return Futures.done(result);
  }

  @Override
  public CompletionStage<Integer> remove(UserId user, Collection<MessageId> ids) {
    int[] removed = {0};
    inboxes.computeIfPresent(user, (u, box) -> {
      for (MessageId id : ids) {
        if (box.remove(id) != null) {
          removed[0]++;
        }
      }
      return box.isEmpty() ? null : box;
    });
    return Futures.done(removed[0]);
  }

  @Override
  public CompletionStage<Integer> purge(Instant now) {
    int[] removed = {0};
    for (UserId user : inboxes.keySet()) {
      inboxes.computeIfPresent(user, (u, box) -> {
        Iterator<StoredMessage> it = box.values().iterator();
        while (it.hasNext()) {
          StoredMessage m = it.next();
          if (m.isExpired(now) || tooOld(m, now)) {
            it.remove();
            removed[0]++;
          }
        }
        return box.isEmpty() ? null : box;
      });
    }
    return Futures.done(removed[0]);
  }

  private boolean tooOld(StoredMessage m, Instant now) {
    return m.timestamp().plus(maxAge).isBefore(now);
  }
}
