package dev.wsm.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBytesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 9, 10, 99, 100, 4711, -1, -10, -4711, Long.MAX_VALUE, Long.MIN_VALUE,
      Long.MIN_VALUE + 1, 1_000_000_000_000L})
  void writesEveryLongAsItsDecimalText(long value) {
    byte[] out = new JsonBytes(16).number("n", value).end();

    assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("{\"n\":" + value + "}");
  }

  @Test
  void writesFieldsInOrderSeparatedByCommas() throws IOException {
    byte[] out = new JsonBytes(8).string("a", "x").bool("b", true).bool("c", false)
        .raw("d", "[1,{\"e\":null}]".getBytes(StandardCharsets.UTF_8)).number("f", 2).end();

    assertThat(new String(out, StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"x\",\"b\":true,\"c\":false,\"d\":[1,{\"e\":null}],\"f\":2}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-12-05T02:37:27Z", "2026-12-05T02:37:27.123Z",
      "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z"})
  void writesATimestampAsInstantToStringDoesInsideAndOutsideItsFastRange(String text) {
    java.time.Instant t = java.time.Instant.parse(text);
    byte[] out = new JsonBytes(1).string("a", "x").timestamp("ts", t).number("n", 1).end();

    assertThat(new String(out, StandardCharsets.US_ASCII))
        .isEqualTo("{\"a\":\"x\",\"ts\":\"" + t + "\",\"n\":1}");
  }

  @Test
  void growsPastItsExpectedSizeAndPastTheScratchBuffer() throws IOException {
    String big = "\u00e9".repeat(20_000);

    JsonNode small = JSON.readTree(new JsonBytes(4).string("s", big).end());
    JsonNode huge = JSON.readTree(new JsonBytes(100_000).string("s", big).end());
    byte[] after = new JsonBytes(4).string("s", "short").end();

    assertThat(small.get("s").textValue()).isEqualTo(big);
    assertThat(huge.get("s").textValue()).isEqualTo(big);
    assertThat(new String(after, StandardCharsets.UTF_8)).isEqualTo("{\"s\":\"short\"}");
  }

  @Test
  void anEmptyObjectIsTwoBraces() {
    assertThat(new String(new JsonBytes(0).end(), StandardCharsets.US_ASCII)).isEqualTo("{}");
  }
}
