package dev.wsm.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wsm.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the client frame decoder (Jazzer). In the normal test run it replays
 * the inputs under {@code ClientFrameDecoderFuzzTestInputs/} (regression mode: seeds, and every
 * crash found, as raw frame bytes); the surefire execution {@code fuzz-client-frame-decoder}
 * fuzzes it for {@code fuzz.maxDuration}.
 */
class ClientFrameDecoderFuzzTest {
  private static final ClientFrameDecoder DECODER = new ClientFrameDecoder();
  private static final Set<ErrorCode> DOCUMENTED =
      Set.of(ErrorCode.INVALID_MESSAGE, ErrorCode.UNKNOWN_TYPE, ErrorCode.TOO_LARGE);

  @DictionaryEntries({"{\"type\":\"", "\"join\"", "\"leave\"", "\"publish\"", "\"direct\"",
      "\"presence\"", "\"typing\"", "\"ping\"", "\"members\"", "\"history\"", "\"resume\"",
      "\"ack\"", "\"ref\":", "\"room\":", "\"data\":", "\"password\":", "\"event\":", "\"echo\":",
      "\"ttl\":", "\"parent\":", "\"to\":", "\"connection\":", "\"status\":", "\"meta\":",
      "\"after\":", "\"before\":", "\"since\":", "\"until\":", "\"limit\":", "\"order\":",
      "\"session\":", "\"rooms\":", "\"offset\":", "\"epoch\":", "\"ids\":", "\"newest\"",
      "\"online\"", "\"away\"", "2026-11-22T09:30:00Z", "true", "false", "null", "[", "{", "1e999"})
  @FuzzTest(maxDuration = "15s")
  void everyFrameDecodesOrIsRefusedWithADocumentedCode(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8); // as a transport hands it over
    try {
      assertThat(DECODER.decode(text)).isNotNull();
    } catch (ProtocolException e) {
      assertThat(DOCUMENTED).contains(e.code());
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
