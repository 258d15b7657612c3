package dev.wsm.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsm.core.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Inputs built to hurt a JSON parser are refused with a protocol error, quickly, and never with a
 * StackOverflowError: the nesting limit ({@link WireJson#MAX_NESTING_DEPTH}) is enforced by the
 * parser's stream constraints before any tree is built.
 */
class HostileJsonTest {
  private final ClientFrameDecoder decoder = new ClientFrameDecoder();

  private ProtocolException refused(String text) {
    long t0 = System.nanoTime();
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decoder.decode(text));
    assertThat((System.nanoTime() - t0) / 1_000_000).as("milliseconds to refuse").isLessThan(1000);
    assertThat(e).isNotNull();
    return e;
  }

  @Test
  void aHundredThousandOpeningBracketsAreRefusedAsTooDeep() {
    ProtocolException e = refused("[".repeat(100_000));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.getMessage()).contains("nested too deeply");
  }

  @Test
  void aHundredThousandNestedObjectsInsideDataAreRefusedAsTooDeep() {
    String text = "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":"
        + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}";

    assertThat(refused(text).getMessage()).contains("nested too deeply");
  }

  @Test
  void nestingOneLevelPastTheLimitIsRefusedAndAtTheLimitAccepted() {
    String prefix = "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":";
    int inner = WireJson.MAX_NESTING_DEPTH - 1; // the frame object itself is one level
    assertThat(decoder.decode(prefix + "[".repeat(inner) + "]".repeat(inner) + "}"))
        .isInstanceOf(ClientFrame.Publish.class);

    assertThat(refused(prefix + "[".repeat(inner + 1) + "]".repeat(inner + 1) + "}").getMessage())
        .contains("nested too deeply");
  }

  @Test
  void aNumberOfAThousandDigitsIsRefused() {
    String text = "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":" + "9".repeat(1000) + "}";

    assertThat(refused(text).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
  }
}
