package dev.wsm.core.internal;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The last messages of one room's stream, kept in parallel arrays used as a ring: a kept message
 * costs one byte array (its id's UTF-8 then its data) and a few array slots, where a {@link
 * StoredMessage} costs seven objects. A young collection copies each kept message while it is in
 * the history, and a busy server keeps 100,000 of them, so this is most of what a publish costs the
 * collector. The arrays grow by doubling up to the capacity, so a quiet room costs little.
 *
 * <p>Offsets are contiguous: the message at offset {@code o} is in the ring while {@code o} is
 * above {@code lastOffset - size}. Ids are found through an open-addressing table of offsets.
 *
 * <p>Not thread-safe: the caller guards each ring.
 */
final class StreamRing {
  private static final int INITIAL = 8;
  private final RoomId room;
  private final int capacity;
  private long lastOffset;
  /** Slot of the oldest message held. */
  private int head;
  private int size;
  private byte[][] blobs = new byte[0][];
  private short[] idLengths = new short[0];
  private int[] idHashes = new int[0];
  private long[] seconds = new long[0];
  private int[] nanos = new int[0];
  private UserId[] senders = new UserId[0];
  private boolean[] binary = new boolean[0];
  /** Made on the first message that has the field. */
  private String[] events;
  private MessageId[] parents;
  private Instant[] expiries;
  /**
   * Open addressing (linear probing) from an id's hash to its offset (0: an empty entry), with
   * each entry's hash beside it, so probing touches no message.
   */
  private long[] byId = new long[0];
  private int[] byIdHash = new int[0];

  StreamRing(RoomId room, int capacity) {
    this.room = room;
    this.capacity = capacity;
  }

  long lastOffset() {
    return lastOffset;
  }

  /**
   * Appends {@code message} at the next offset and returns it with that offset, or returns the
   * message already held under its id, unchanged.
   */
  StoredMessage append(StoredMessage message) {
    byte[] id = message.id().value().getBytes(StandardCharsets.UTF_8);
    int hash = message.id().value().hashCode();
    long known = find(id, hash);
    if (known != 0) {
      return read(known);
    }
    if (size == capacity) {
      evictOldest();
    } else if (size == blobs.length) {
      grow();
    }
    int slot = head + size < blobs.length ? head + size : head + size - blobs.length;
    byte[] data = message.data();
    byte[] blob = Arrays.copyOf(id, id.length + data.length);
    System.arraycopy(data, 0, blob, id.length, data.length);
    blobs[slot] = blob;
    idLengths[slot] = (short) id.length;
    idHashes[slot] = hash;
    seconds[slot] = message.timestamp().getEpochSecond();
    nanos[slot] = message.timestamp().getNano();
    senders[slot] = message.from();
    binary[slot] = message.binary();
    events = put(events, slot, message.event(), String[]::new);
    parents = put(parents, slot, message.parent(), MessageId[]::new);
    expiries = put(expiries, slot, message.expiresAt(), Instant[]::new);
    size++;
    long offset = ++lastOffset;
    index(hash, offset);
    return message.withOffset(offset);
  }

  /**
   * The messages held with an offset in {@code (after, before)} ({@code before} 0: no upper bound)
   * that {@code wanted} accepts, oldest or newest first, at most {@code limit} of them.
   */
  List<StoredMessage> scan(long after, long before, boolean newestFirst, int limit,
      Predicate<StoredMessage> wanted) {
    long low = Math.max(after + 1, lastOffset - size + 1);
    long high = before == 0 ? lastOffset : Math.min(before - 1, lastOffset);
    List<StoredMessage> page = new ArrayList<>((int) Math.max(0, Math.min(limit, Math.min(64,
        high - low + 1))));
    for (long i = 0; i <= high - low && page.size() < limit; i++) {
      StoredMessage m = read(newestFirst ? high - i : low + i);
      if (wanted.test(m)) {
        page.add(m);
      }
    }
    return page;
  }

  private StoredMessage read(long offset) {
    int slot = slotOf(offset);
    byte[] blob = blobs[slot];
    int idLength = idLengths[slot];
    return new StoredMessage(new MessageId(new String(blob, 0, idLength, StandardCharsets.UTF_8)),
        room, null, senders[slot], get(events, slot), Arrays.copyOfRange(blob, idLength, blob.length),
        binary[slot], get(parents, slot), Instant.ofEpochSecond(seconds[slot], nanos[slot]),
        get(expiries, slot), offset);
  }

  /** The slot of a held offset. */
  private int slotOf(long offset) {
    int slot = head + (int) (offset - (lastOffset - size + 1));
    return slot < blobs.length ? slot : slot - blobs.length;
  }

  private void evictOldest() {
    long oldest = lastOffset - size + 1;
    unindex(idHashes[head], oldest);
    blobs[head] = null;
    senders[head] = null;
    clear(events, head);
    clear(parents, head);
    clear(expiries, head);
    head = head + 1 == blobs.length ? 0 : head + 1;
    size--;
  }

  /** Doubles the arrays (up to the capacity), oldest message first, and rebuilds the id table. */
  private void grow() {
    int length = (int) Math.min(capacity, Math.max(INITIAL, 2L * blobs.length));
    blobs = inOrder(blobs, new byte[length][]);
    idLengths = inOrder(idLengths, new short[length]);
    idHashes = inOrder(idHashes, new int[length]);
    seconds = inOrder(seconds, new long[length]);
    nanos = inOrder(nanos, new int[length]);
    senders = inOrder(senders, new UserId[length]);
    binary = inOrder(binary, new boolean[length]);
    events = events == null ? null : inOrder(events, new String[length]);
    parents = parents == null ? null : inOrder(parents, new MessageId[length]);
    expiries = expiries == null ? null : inOrder(expiries, new Instant[length]);
    head = 0;
    byId = new long[Integer.highestOneBit(length) * 4];
    byIdHash = new int[byId.length];
    long oldest = lastOffset - size + 1;
    for (int i = 0; i < size; i++) {
      index(idHashes[i], oldest + i);
    }
  }

  /** Copies the ring {@code from} into the start of {@code to}, oldest first. */
  private <A> A inOrder(A from, A to) {
    int length = java.lang.reflect.Array.getLength(from);
    int first = Math.min(size, length - head);
    System.arraycopy(from, head, to, 0, first);
    System.arraycopy(from, 0, to, first, size - first);
    return to;
  }

  private long find(byte[] id, int hash) {
    if (byId.length == 0) {
      return 0;
    }
    int mask = byId.length - 1;
    for (int i = mix(hash) & mask; byId[i] != 0; i = (i + 1) & mask) {
      if (byIdHash[i] == hash) {
        int slot = slotOf(byId[i]);
        if (idLengths[slot] == id.length
            && Arrays.equals(blobs[slot], 0, id.length, id, 0, id.length)) {
          return byId[i];
        }
      }
    }
    return 0;
  }

  private void index(int hash, long offset) {
    int mask = byId.length - 1;
    int i = mix(hash) & mask;
    while (byId[i] != 0) {
      i = (i + 1) & mask;
    }
    byId[i] = offset;
    byIdHash[i] = hash;
  }

  /** Removes {@code offset}'s entry, shifting later entries of its probe run back. */
  private void unindex(int hash, long offset) {
    int mask = byId.length - 1;
    int i = mix(hash) & mask;
    while (byId[i] != offset) {
      i = (i + 1) & mask;
    }
    for (int j = (i + 1) & mask; byId[j] != 0; j = (j + 1) & mask) {
      int home = mix(byIdHash[j]) & mask;
      // Move entry j into the hole at i unless its home lies cyclically in (i, j].
      boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!stays) {
        byId[i] = byId[j];
        byIdHash[i] = byIdHash[j];
        i = j;
      }
    }
    byId[i] = 0;
  }

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private <T> T[] put(T[] array, int slot, T value, java.util.function.IntFunction<T[]> make) {
    if (value == null) {
      if (array != null) {
        array[slot] = null;
      }
      return array;
    }
    T[] a = array == null ? make.apply(blobs.length) : array;
    a[slot] = value;
    return a;
  }

  private static <T> T get(T[] array, int slot) {
    return array == null ? null : array[slot];
  }

  private static void clear(Object[] array, int slot) {
    if (array != null) {
      array[slot] = null;
    }
  }
}
