package dev.wsm.core.internal;

import dev.wsm.core.DeviceId;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offline inboxes in memory, bounded per user by count and age. A user's sequence counter is kept
 * for as long as the store lives (one small entry per user that ever had a message).
 */
@Singleton
public final class InMemoryInboxStore implements InboxStore {
  private final ConcurrentHashMap<UserId, Box> inboxes = new ConcurrentHashMap<>();
  private final int capacity;
  private final Duration maxAge;
  private final Clock clock;

  /** One user's inbox; guarded by the map's per-key compute. */
  private static final class Box {
    long lastSeq;
    final LinkedHashMap<MessageId, StoredMessage> messages = new LinkedHashMap<>();
    final Map<DeviceId, Device> devices = new HashMap<>();
  }

  private record Device(long position, Instant seen) {}

  @Inject
  public InMemoryInboxStore(InMemoryStoreOptions options, Clock clock) {
    this.capacity = options.inboxPerUser();
    this.maxAge = options.inboxMaxAge();
    this.clock = clock;
  }

  @Override
  public CompletionStage<Long> enqueue(UserId user, StoredMessage message) {
    long[] seq = {0};
    inboxes.compute(user, (u, inbox) -> {
      Box box = inbox == null ? new Box() : inbox;
      if (!box.messages.containsKey(message.id())) {
        seq[0] = ++box.lastSeq;
        box.messages.put(message.id(), message.withOffset(seq[0]));
        if (box.messages.size() > capacity) {
          Iterator<MessageId> oldest = box.messages.keySet().iterator();
          oldest.next();
          oldest.remove();
        }
      }
      return box;
    });
    return Futures.done(seq[0]);
  }

  @Override
  public CompletionStage<List<StoredMessage>> pending(UserId user, long after, int limit) {
    Instant now = clock.instant();
    List<StoredMessage> result = new ArrayList<>();
    inboxes.computeIfPresent(user, (u, box) -> {
      for (StoredMessage m : box.messages.values()) {
        if (result.size() >= limit) {
          break;
        }
        if (m.offset() > after && !m.isExpired(now) && !tooOld(m, now)) {
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
        if (box.messages.remove(id) != null) {
          removed[0]++;
        }
      }
      return box;
    });
    return Futures.done(removed[0]);
  }

  @Override
  public CompletionStage<Integer> removeUpTo(UserId user, long upTo) {
    int[] removed = {0};
    inboxes.computeIfPresent(user, (u, box) -> {
      removed[0] = removeAtOrBelow(box, upTo);
      return box;
    });
    return Futures.done(removed[0]);
  }

  @Override
  public CompletionStage<Long> device(UserId user, DeviceId device, Instant now) {
    long[] position = {0};
    inboxes.compute(user, (u, inbox) -> {
      Box box = inbox == null ? new Box() : inbox;
      Device known = box.devices.get(device);
      position[0] = known == null || forgotten(known, now) ? 0 : known.position();
      box.devices.put(device, new Device(position[0], now));
      return box;
    });
    return Futures.done(position[0]);
  }

  @Override
  public CompletionStage<Integer> ackDevice(UserId user, DeviceId device, long upTo, Instant now) {
    int[] covered = {0};
    inboxes.compute(user, (u, inbox) -> {
      Box box = inbox == null ? new Box() : inbox;
      Device known = box.devices.get(device);
      long before = known == null || forgotten(known, now) ? 0 : known.position();
      long after = Math.max(before, upTo);
      box.devices.put(device, new Device(after, now));
      for (StoredMessage m : box.messages.values()) {
        if (m.offset() > before && m.offset() <= after && !m.isExpired(now) && !tooOld(m, now)) {
          covered[0]++;
        }
      }
      long lowest = Long.MAX_VALUE;
      for (Device d : box.devices.values()) {
        if (!forgotten(d, now)) {
          lowest = Math.min(lowest, d.position());
        }
      }
      removeAtOrBelow(box, lowest);
      return box;
    });
    return Futures.done(covered[0]);
  }

  private static int removeAtOrBelow(Box box, long upTo) {
    int removed = 0;
    Iterator<StoredMessage> it = box.messages.values().iterator();
    while (it.hasNext()) {
      if (it.next().offset() <= upTo) {
        it.remove();
        removed++;
      } else {
        break;
      }
    }
    return removed;
  }

  @Override
  public CompletionStage<Integer> purge(Instant now) {
    int[] removed = {0};
    for (UserId user : inboxes.keySet()) {
      inboxes.computeIfPresent(user, (u, box) -> {
        Iterator<StoredMessage> it = box.messages.values().iterator();
        while (it.hasNext()) {
          StoredMessage m = it.next();
          if (m.isExpired(now) || tooOld(m, now)) {
            it.remove();
            removed[0]++;
          }
        }
        box.devices.values().removeIf(d -> forgotten(d, now));
        return box;
      });
    }
    return Futures.done(removed[0]);
  }

  private boolean forgotten(Device d, Instant now) {
    return d.seen().plus(maxAge).isBefore(now);
  }

  private boolean tooOld(StoredMessage m, Instant now) {
    return m.timestamp().plus(maxAge).isBefore(now);
  }
}
