package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.CloseCodes;
import dev.wsm.core.protocol.WireJson;
import dev.wsm.testkit.RawWebSocket;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Bad input over a real transport: malformed, unknown, mistyped and deeply nested messages get stable
 * error codes and keep the socket open; a message over the size limit (whole or fragmented) closes
 * the connection with 1009, one at the limit is accepted; a message sent in fragments (with control
 * frames between them) is reassembled.
 */
public abstract class ProtocolErrorsContract extends TransportContract {

  @Test
  public void malformedJsonGetsAnErrorAndTheSocketStaysOpen() {
    try (TestServer server = start(); TestClient c = server.connect("alice")) {
      c.sendText("{not json");
      JsonNode error = c.await("error");
      assertThat(error.path("error").path("code").asText()).isEqualTo("invalid_message");
      assertThat(c.request("type", "join", "room", "still-here").path("ok").asBoolean()).isTrue();
    }
  }

  @Test
  public void unknownTypesMissingFieldsAndWrongTypesGetStableCodesWithTheirRef() {
    try (TestServer server = start(); TestClient c = server.connect("alice")) {
      assertThat(c.request("type", "fly").path("error").path("code").asText())
          .isEqualTo("unknown_type");
      assertThat(c.request("type", "join").path("error").path("code").asText())
          .isEqualTo("invalid_message");
      assertThat(c.request("type", "typing", "room", "r", "typing", "yes")
          .path("error").path("code").asText()).isEqualTo("invalid_message");
      assertThat(c.request("type", "publish", "room", "never-joined", "data", 1)
          .path("error").path("code").asText()).isEqualTo("forbidden");
      assertThat(c.isOpen()).isTrue();
    }
  }

  @Test
  public void deeplyNestedJsonIsRefusedWithoutHarm() {
    try (TestServer server = start(); TestClient c = server.connect("alice")) {
      c.sendText("{\"type\":\"publish\",\"data\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
      assertThat(c.await("error").path("error").path("code").asText()).isEqualTo("invalid_message");
      c.send("type", "ping", "ref", "p");
      assertThat(c.await("pong").path("ref").asText()).isEqualTo("p");
    }
  }

  @Test
  public void anOversizeMessageClosesTheConnectionWith1009() throws Exception {
    try (TestServer server = start();
        RawWebSocket raw = RawWebSocket.connect(server.uri("big"))) {
      raw.sendFrame(true, RawWebSocket.Frame.TEXT, new byte[64 * 1024 + 1]);
      RawWebSocket.Frame close = raw.readUntilClose(Duration.ofSeconds(5));
      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(CloseCodes.TOO_BIG);
    }
  }

  @Test
  public void anOversizeMessageSentInFragmentsClosesTheConnectionWith1009() throws Exception {
    try (TestServer server = start();
        RawWebSocket raw = RawWebSocket.connect(server.uri("big"))) {
      byte[] part = new byte[20 * 1024];
      raw.sendFrame(false, RawWebSocket.Frame.TEXT, part);
      raw.sendFrame(false, 0, part);
      raw.sendFrame(false, 0, part);
      raw.sendFrame(true, 0, part);
      RawWebSocket.Frame close = raw.readUntilClose(Duration.ofSeconds(5));
      assertThat(close).isNotNull();
      assertThat(close.closeCode()).isEqualTo(CloseCodes.TOO_BIG);
    }
  }

  @Test
  public void aMessageSentInFragmentsWithAPingBetweenThemIsReassembled() throws Exception {
    try (TestServer server = start();
        RawWebSocket raw = RawWebSocket.connect(server.uri("frag"))) {
      sendInFragments(raw, "{\"type\":\"ping\",\"ref\":\"first\"}", 3, true);
      assertThat(awaitPong(raw)).isEqualTo("first");
      sendInFragments(raw, "{\"type\":\"ping\",\"ref\":\"second\"}", 2, false);
      assertThat(awaitPong(raw)).as("a second fragmented message").isEqualTo("second");
      raw.sendText("{\"type\":\"ping\",\"ref\":\"whole\"}");
      assertThat(awaitPong(raw)).as("a whole message after fragmented ones").isEqualTo("whole");
    }
  }

  @Test
  public void aMessageAtTheSizeLimitSentInFragmentsIsAccepted() throws Exception {
    try (TestServer server = start();
        RawWebSocket raw = RawWebSocket.connect(server.uri("frag"))) {
      String prefix = "{\"type\":\"ping\",\"ref\":\"x\",\"pad\":\"";
      String message = prefix + "a".repeat(64 * 1024 - prefix.length() - 2) + "\"}";
      sendInFragments(raw, message, 4, false);
      assertThat(awaitPong(raw)).isEqualTo("x");
    }
  }

  /** Sends {@code text} as a text frame and continuations, with a ping after the first if asked. */
  private static void sendInFragments(RawWebSocket raw, String text, int parts, boolean ping)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int size = (bytes.length + parts - 1) / parts;
    for (int i = 0; i < parts; i++) {
      byte[] part = Arrays.copyOfRange(bytes, i * size, Math.min(bytes.length, (i + 1) * size));
      raw.sendFrame(i == parts - 1, i == 0 ? RawWebSocket.Frame.TEXT : 0, part);
      if (i == 0 && ping) {
        raw.sendFrame(true, RawWebSocket.Frame.PING, new byte[] {1, 2});
      }
    }
  }

  /** The ref of the next {@code pong} message, skipping other frames; null if none comes. */
  private static String awaitPong(RawWebSocket raw) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (System.nanoTime() < deadline) {
      RawWebSocket.Frame f = raw.read(Duration.ofSeconds(5));
      if (f == null || f.opcode() == RawWebSocket.Frame.CLOSE) {
        return null;
      }
      if (f.opcode() == RawWebSocket.Frame.TEXT) {
        JsonNode message = WireJson.mapper().readTree(f.text());
        if (message.path("type").asText().equals("pong")) {
          return message.path("ref").asText();
        }
      }
    }
    return null;
  }

  @Test
  public void aMessageAtTheSizeLimitIsAccepted() {
    try (TestServer server = start(); TestClient c = server.connect("alice")) {
      String prefix = "{\"type\":\"ping\",\"ref\":\"x\",\"pad\":\"";
      String frame = prefix + "a".repeat(64 * 1024 - prefix.length() - 2) + "\"}";
      assertThat(frame.length()).isEqualTo(64 * 1024);
      c.sendText(frame);
      assertThat(c.await("pong").path("ref").asText()).isEqualTo("x");
    }
  }
}
