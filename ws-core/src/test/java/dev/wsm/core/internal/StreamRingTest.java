package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamRingTest {
  private static final RoomId ROOM = RoomId.of("r");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");

  @Test
  void keepsTheLastCapacityMessagesWithEveryFieldThroughGrowthAndEviction() {
    StreamRing ring = new StreamRing(ROOM, 20);
    for (int i = 1; i <= 50; i++) {
      ring.append(message("id-" + i, i));
    }

    List<StoredMessage> held = ring.scan(0, 0, false, 1000, m -> true);

    assertThat(held).extracting(StoredMessage::offset)
        .containsExactlyElementsOf(range(31, 50));
    StoredMessage last = held.get(held.size() - 1);
    assertThat(last.id()).isEqualTo(MessageId.of("id-50"));
    assertThat(last.room()).isEqualTo(ROOM);
    assertThat(new String(last.data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":50}");
    assertThat(last.from()).isEqualTo(UserId.of("u50"));
    assertThat(last.timestamp()).isEqualTo(T0.plusNanos(50));
    assertThat(last.event()).isEqualTo("e50");
    assertThat(last.parent()).isEqualTo(MessageId.of("id-49"));
    assertThat(last.expiresAt()).isNull();
    assertThat(held.get(0).expiresAt()).isEqualTo(T0.plusSeconds(31));
  }

  @Test
  void scanHonoursTheOffsetBoundsTheDirectionAndTheLimit() {
    StreamRing ring = new StreamRing(ROOM, 100);
    for (int i = 1; i <= 30; i++) {
      ring.append(message("id-" + i, i));
    }

    assertThat(ring.scan(10, 20, false, 1000, m -> true)).extracting(StoredMessage::offset)
        .containsExactlyElementsOf(range(11, 19));
    assertThat(ring.scan(10, 20, true, 3, m -> true)).extracting(StoredMessage::offset)
        .containsExactly(19L, 18L, 17L);
    assertThat(ring.scan(0, 0, true, 2, m -> m.offset() % 2 == 1))
        .extracting(StoredMessage::offset).containsExactly(29L, 27L);
    assertThat(ring.scan(30, 0, false, 10, m -> true)).isEmpty();
  }

  @Test
  void anIdIsFoundWhileItsMessageIsHeldAndIsNewAgainOnceEvicted() {
    StreamRing ring = new StreamRing(ROOM, 3);
    ring.append(message("a", 1));
    ring.append(message("b", 2));

    StoredMessage again = ring.append(message("a", 99));
    assertThat(again.offset()).isEqualTo(1);
    assertThat(new String(again.data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    assertThat(ring.lastOffset()).isEqualTo(2);

    ring.append(message("c", 3));
    ring.append(message("d", 4)); // evicts "a"
    assertThat(ring.append(message("a", 5)).offset()).isEqualTo(5);
  }

  @Test
  void behavesLikeADequeAndAMapUnderRandomAppendsWithRepeatedIds() {
    Random random = new Random(42);
    for (int capacity : new int[] {1, 2, 3, 7, 8, 9, 64, 100, 1000}) {
      StreamRing ring = new StreamRing(ROOM, capacity);
      ArrayDeque<String> heldIds = new ArrayDeque<>();
      Map<String, Long> offsets = new HashMap<>();
      long last = 0;
      for (int i = 0; i < 20_000; i++) {
        // Few distinct ids, so repeats of held and of evicted ids are both common.
        String id = "m" + random.nextInt(capacity * 3 + 2);
        StoredMessage stored = ring.append(message(id, i));
        if (offsets.containsKey(id)) {
          assertThat(stored.offset()).as("repeat of a held id").isEqualTo(offsets.get(id));
          continue;
        }
        assertThat(stored.offset()).isEqualTo(++last);
        heldIds.addLast(id);
        offsets.put(id, last);
        if (heldIds.size() > capacity) {
          offsets.remove(heldIds.removeFirst());
        }
      }
      List<StoredMessage> held = ring.scan(0, 0, false, 1000, m -> true);
      assertThat(held).extracting(m -> m.id().value()).as("capacity " + capacity)
          .containsExactlyElementsOf(new ArrayList<>(heldIds).subList(
              Math.max(0, heldIds.size() - 1000), heldIds.size()));
    }
  }

  private static StoredMessage message(String id, int n) {
    return new StoredMessage(MessageId.of(id), ROOM, null, UserId.of("u" + n), "e" + n,
        ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8), false,
        n > 1 ? MessageId.of("id-" + (n - 1)) : null, T0.plusNanos(n),
        n % 2 == 1 ? T0.plusSeconds(n) : null, 0);
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }
}
