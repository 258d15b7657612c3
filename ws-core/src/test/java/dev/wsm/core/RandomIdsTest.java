package dev.wsm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomIdsTest {
  @Test
  void encodesSixteenBytesExactlyAsTheUrlSafeBase64EncoderDoes() {
    SplittableRandom random = new SplittableRandom(42);
    long[][] edges = {{0, 0}, {-1, -1}, {Long.MIN_VALUE, 1}, {1, Long.MIN_VALUE}, {0, 3}, {0, 4}};
    for (int i = 0; i < 20_000; i++) {
      long high = i < edges.length ? edges[i][0] : random.nextLong();
      long low = i < edges.length ? edges[i][1] : random.nextLong();
      byte[] bytes = ByteBuffer.allocate(16).putLong(high).putLong(low).array();

      assertThat(RandomIds.encode(high, low))
          .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
  }

  @Test
  void timeOrderedIdsStartWithTheMillisecondsAndDiffer() {
    long before = System.currentTimeMillis();
    String a = RandomIds.nextTimeOrdered();
    String b = RandomIds.nextTimeOrdered();
    long after = System.currentTimeMillis();

    byte[] decoded = Base64.getUrlDecoder().decode(a);
    long millis = ByteBuffer.wrap(decoded).getLong() >>> 16;
    assertThat(a).hasSize(22).isNotEqualTo(b);
    assertThat(millis).isBetween(before, after);
  }
}
