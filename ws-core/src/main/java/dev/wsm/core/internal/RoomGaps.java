package dev.wsm.core.internal;

import dev.wsm.core.RoomId;
import dev.wsm.core.Target;
import dev.wsm.core.spi.ClusterMessage;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a room's messages whole on this node when the {@link MessageStore} is {@link
 * MessageStore#shared() shared} by the cluster, whose bus is at most once. Per room with members
 * here it tracks which offsets were delivered here (fanned out by this node, or received from
 * another). A room message from another node whose offset shows earlier ones missing waits while
 * the missing ones are read from the store and delivered, in offset order, then it follows; later
 * messages of the room wait behind it. A message this node publishes itself is never held up: if
 * it shows offsets missing, they are read from the store after a short grace (they are usually
 * still on their way over the bus) and delivered late rather than never. A message delivered
 * already (recovered, then arriving over the bus) is dropped.
 *
 * <p>When the bus says it may have lost messages (it resubscribed after a reconnect, or a sender's
 * numbering skipped), {@link #resync()} asks the store where each tracked room stands and fetches
 * what is missing, so the last messages before a silence are recovered too.
 *
 * <p>Limits: a room message recovered from the store goes to every member here (the excludes of
 * its target are not in the stream; a client's resume behaves the same). A stream that restarts (a room deleted and made
 * again) is recognised by its offset 1.
 *
 * <p>Threading: every method runs under the room's fan-out lock (given by {@link RoomFanout}), so
 * delivery and tracking of one room are serial; store reads complete on any thread.
 */
public final class RoomGaps {
  private static final Logger log = LoggerFactory.getLogger(RoomGaps.class);
  /** Room messages waiting behind a recovery, per room; beyond it the oldest is lost. */
  private static final int MAX_WAITING = 1000;
  /** Offsets delivered ahead of a hole, per room; beyond it the holes are given up. */
  private static final int MAX_AHEAD = 10_000;
  private static final long HOLE_GRACE_MILLIS = 250;

  private final MessageStore messages;
  private final LocalRoomIndex index;
  private final Function<RoomId, Object> locks;
  private final int holdLimit;
  private final ConcurrentHashMap<RoomId, Offsets> rooms = new ConcurrentHashMap<>();
  private final AtomicLong recovered = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();

  /** Counters since start: messages recovered from the store, given up, dropped as repeats. */
  public record Stats(long recovered, long lost, long duplicates) {
    static final Stats NONE = new Stats(0, 0, 0);
  }

  /** What one room has had delivered here; guarded by the room's lock. */
  private static final class Offsets {
    /** Every offset up to here was delivered (or given up); -1 before the first. */
    long low = -1;
    /** Offsets above {@code low} delivered already. */
    final TreeSet<Long> above = new TreeSet<>();
    final ArrayDeque<ClusterMessage> waiting = new ArrayDeque<>();
    boolean fetching;
    boolean checkScheduled;

    boolean seen(long offset) {
      return low >= 0 && (offset <= low || above.contains(offset));
    }

    boolean holesBelow(long offset) {
      return low >= 0 && offset > low + 1 && above.headSet(offset).size() < offset - low - 1;
    }

    void mark(long offset) {
      if (low < 0) {
        low = offset;
      } else if (offset > low) {
        above.add(offset);
      }
      advance();
    }

    /** Gives up every offset below {@code upTo}; returns how many had not been delivered. */
    long giveUpBelow(long upTo) {
      if (low >= upTo - 1) {
        return 0;
      }
      long missing = (upTo - 1 - low) - above.headSet(upTo).size();
      low = upTo - 1;
      above.headSet(upTo).clear();
      advance();
      return missing;
    }

    private void advance() {
      while (above.remove(low + 1)) {
        low++;
      }
    }
  }

  RoomGaps(MessageStore messages, LocalRoomIndex index, Function<RoomId, Object> locks,
      int holdLimit) {
    this.messages = messages;
    this.index = index;
    this.locks = locks;
    this.holdLimit = holdLimit;
  }

  Stats stats() {
    return new Stats(recovered.get(), lost.get(), duplicates.get());
  }

  /**
   * A member here joined (or resumed) the room while its stream stood at {@code offset}: if the
   * room is not tracked yet, tracking starts there, so that a message published just before the
   * first one delivered here but arriving after it is recognised as late, not as a repeat or a
   * restarted stream. The caller holds the room's lock.
   */
  void joinedAt(RoomId room, long offset) {
    rooms.computeIfAbsent(room, r -> {
      Offsets o = new Offsets();
      o.low = offset;
      return o;
    });
  }

  /** This node fanned out a room message; the caller holds the room's lock. */
  void deliveredHere(RoomId room, long offset) {
    if (index.members(room).isEmpty()) {
      rooms.remove(room);
      return;
    }
    Offsets o = rooms.computeIfAbsent(room, r -> new Offsets());
    restartIfNew(o, offset);
    o.mark(offset);
    if (o.above.size() > MAX_AHEAD) {
      lost.addAndGet(o.giveUpBelow(o.above.last()));
    }
    if (!o.above.isEmpty() && !o.fetching && !o.checkScheduled) {
      o.checkScheduled = true;
      CompletableFuture.delayedExecutor(HOLE_GRACE_MILLIS, TimeUnit.MILLISECONDS)
          .execute(() -> check(room));
    }
  }

  /** A room message (offset above 0) from another node, on the bus thread. */
  void received(Target.ToRoom target, ClusterMessage m) {
    synchronized (locks.apply(target.id())) {
      Offsets o = rooms.get(target.id());
      if (index.members(target.id()).isEmpty()) {
        if (o != null && !o.fetching) {
          rooms.remove(target.id());
        }
        return;
      }
      if (o == null) {
        o = rooms.computeIfAbsent(target.id(), r -> new Offsets());
      }
      if (o.fetching) {
        if (o.waiting.size() >= MAX_WAITING) {
          o.waiting.poll();
          lost.incrementAndGet();
        }
        o.waiting.add(m);
        return;
      }
      process(target.id(), o, m);
    }
  }

  private void process(RoomId room, Offsets o, ClusterMessage m) {
    long offset = m.offset();
    restartIfNew(o, offset);
    if (o.seen(offset)) {
      duplicates.incrementAndGet();
      return;
    }
    if (o.holesBelow(offset)) {
      o.waiting.addFirst(m);
      fetch(room, o, offset);
      return;
    }
    Fanout.sendToRoom(room, offset, index.members(room),
        MessageFrames.skipFor((Target.ToRoom) m.target()), m.frame(), holdLimit);
    o.mark(offset);
  }

  /**
   * Messages of other nodes may have been lost (the bus reconnected, or saw a gap): asks the store
   * where each tracked room stands and fetches what this node has not delivered.
   */
  void resync() {
    for (RoomId room : rooms.keySet()) {
      if (index.members(room).isEmpty()) {
        synchronized (locks.apply(room)) {
          Offsets o = rooms.get(room);
          if (o != null && !o.fetching && index.members(room).isEmpty()) {
            rooms.remove(room);
          }
        }
        continue;
      }
      CompletableFuture<dev.wsm.core.spi.StreamPosition> position;
      try {
        position = messages.position(room).toCompletableFuture();
      } catch (RuntimeException e) {
        position = CompletableFuture.failedFuture(e);
      }
      position.whenComplete((pos, error) -> {
        if (error != null) {
          log.warn("Could not check room {} for messages the cluster bus lost", room,
              Futures.unwrap(error));
          return;
        }
        synchronized (locks.apply(room)) {
          Offsets o = rooms.get(room);
          if (o == null || o.low < 0 || o.fetching) {
            return;
          }
          long highest = o.above.isEmpty() ? o.low : o.above.last();
          if (pos.lastOffset() > highest) {
            fetch(room, o, pos.lastOffset() + 1);
          }
        }
      });
    }
  }

  /** Offset 1 after later ones: the room's stream was dropped and began again. */
  private static void restartIfNew(Offsets o, long offset) {
    if (offset == 1 && o.low > 1) {
      o.low = -1;
      o.above.clear();
    }
  }

  private void check(RoomId room) {
    synchronized (locks.apply(room)) {
      Offsets o = rooms.get(room);
      if (o == null) {
        return;
      }
      o.checkScheduled = false;
      if (!o.fetching && !o.above.isEmpty()) {
        fetch(room, o, o.above.first());
      }
    }
  }

  /** Reads the offsets missing below {@code upTo} from the store; the caller holds the lock. */
  private void fetch(RoomId room, Offsets o, long upTo) {
    o.fetching = true;
    int limit = (int) Math.min(HistoryQuery.MAX_LIMIT, upTo - o.low - 1);
    CompletableFuture<List<StoredMessage>> page;
    try {
      page = messages.history(room, new HistoryQuery(o.low, upTo, null, null, limit, false))
          .toCompletableFuture();
    } catch (RuntimeException e) {
      page = CompletableFuture.failedFuture(e);
    }
    page.whenComplete((found, error) -> {
      synchronized (locks.apply(room)) {
        filled(room, o, upTo, found, error);
      }
    });
  }

  private void filled(RoomId room, Offsets o, long upTo, List<StoredMessage> found,
      Throwable error) {
    o.fetching = false;
    if (rooms.get(room) != o) {
      return;
    }
    if (error != null) {
      log.warn("Could not recover the messages of room {} the cluster bus lost", room,
          Futures.unwrap(error));
    } else {
      for (StoredMessage s : found) {
        if (s.offset() < upTo && !o.seen(s.offset())) {
          Fanout.sendToRoom(room, s.offset(), index.members(room), Fanout.none(),
              MessageFrames.frame("message", s), holdLimit);
          o.mark(s.offset());
          recovered.incrementAndGet();
        }
      }
    }
    long missing = o.giveUpBelow(upTo);
    if (missing > 0) {
      lost.addAndGet(missing);
      log.warn("{} message(s) of room {} before offset {} were lost between nodes and are not in"
          + " the store (found {})", missing, room, upTo, found == null ? "none" : found.stream()
          .map(StoredMessage::offset).toList());
    }
    while (!o.fetching && !o.waiting.isEmpty()) {
      process(room, o, o.waiting.poll());
    }
    if (!o.fetching && !o.above.isEmpty() && !o.checkScheduled) {
      o.checkScheduled = true;
      CompletableFuture.delayedExecutor(HOLE_GRACE_MILLIS, TimeUnit.MILLISECONDS)
          .execute(() -> check(room));
    }
  }
}
