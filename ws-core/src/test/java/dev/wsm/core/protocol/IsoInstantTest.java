package dev.wsm.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
  @Test
  void formatsEveryInstantExactlyAsInstantToStringDoes() {
    SplittableRandom random = new SplittableRandom(42);
    long end = Instant.parse("9999-12-31T23:59:59.999999999Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long seconds = random.nextLong(0, end + 1);
      int nanos = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant t = Instant.ofEpochSecond(seconds, nanos);
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
  }

  @Test
  void theEdgesOfItsRangeAndBeyondMatchToo() {
    for (String s : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
        "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "2000-02-29T12:00:00.000001Z",
        "2030-01-02T03:04:05.678Z"}) {
      Instant t = Instant.parse(s);
      assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
    }
  }
}
