package dev.wsm.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.DeliveryClass;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.MessageId;
import dev.wsm.core.Presence;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.StoredMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerFramesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");
  private static final RoomId LOBBY = RoomId.of("lobby");
  private static final UserId ADA = UserId.of("ada");

  private static JsonNode parse(OutboundFrame frame) throws IOException {
    assertThat(frame.isBinary()).isFalse();
    return JSON.readTree(frame.payload());
  }

  private static JsonNode json(String singleQuoted) throws IOException {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  @Test
  void welcomeCarriesProtocolIdsSessionAndHeartbeat() throws IOException {
    JsonNode welcome = parse(ServerFrames.welcome(ConnectionId.of("c1"), ADA, "v1.session",
        Duration.ofSeconds(25), Duration.ofSeconds(60), NOW));

    assertThat(welcome).isEqualTo(json("{'type':'welcome','protocol':1,'connection':'c1',"
        + "'user':'ada','session':'v1.session','heartbeat':{'interval':25000,'timeout':60000},"
        + "'ts':'2030-01-02T03:04:05.678Z'}"));
  }

  @Test
  void okReplyCarriesTheRefAndExtraFields() throws IOException {
    JsonNode reply = parse(ServerFrames.ok("r1", g -> g.writeNumberField("offset", 7)));

    assertThat(reply).isEqualTo(json("{'type':'reply','ref':'r1','ok':true,'offset':7}"));
  }

  @Test
  void okReplyWithoutFields() throws IOException {
    assertThat(parse(ServerFrames.ok("r1", ServerFrames.Fields.NONE)))
        .isEqualTo(json("{'type':'reply','ref':'r1','ok':true}"));
  }

  @Test
  void failureWithARefIsAFailedReply() throws IOException {
    JsonNode reply = parse(ServerFrames.failure("r2", ErrorCode.ROOM_FULL, "room is full"));

    assertThat(reply).isEqualTo(json("{'type':'reply','ref':'r2','ok':false,"
        + "'error':{'code':'room_full','message':'room is full'}}"));
  }

  @Test
  void failureWithoutARefIsAnErrorFrame() throws IOException {
    JsonNode error = parse(ServerFrames.failure(null, ErrorCode.INVALID_MESSAGE, "bad frame"));

    assertThat(error).isEqualTo(json(
        "{'type':'error','error':{'code':'invalid_message','message':'bad frame'}}"));
  }

  @Test
  void failureMessageIsEscaped() throws IOException {
    String message = "quote \" backslash \\ newline \n tab \t";

    JsonNode error = parse(ServerFrames.failure("r", ErrorCode.INTERNAL, message));

    assertThat(error.at("/error/message").textValue()).isEqualTo(message);
  }

  @Test
  void roomMessageCarriesItsOffsetAndEveryField() throws IOException {
    StoredMessage m = new StoredMessage(MessageId.of("m1"), LOBBY, null, ADA, "chat",
        "{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8), false, MessageId.of("m0"), NOW, null,
        42);

    JsonNode frame = parse(ServerFrames.message("message", m));

    assertThat(frame).isEqualTo(json("{'type':'message','id':'m1','room':'lobby','offset':42,"
        + "'from':'ada','event':'chat','parent':'m0','data':{'text':'hi'},"
        + "'ts':'2030-01-02T03:04:05.678Z'}"));
  }

  @Test
  void dataIsWrittenAsTheExactUtf8BytesItWasStoredAs() throws IOException {
    byte[] data = "{\"text\":\"h\u00e9llo \u2713 \ud83d\ude00\",\"n\":[1,2.5e3,null]}"
        .getBytes(StandardCharsets.UTF_8);
    StoredMessage m = new StoredMessage(MessageId.of("m2"), LOBBY, null, ADA, null, data, false,
        null, NOW, null, 7);

    String frame = new String(ServerFrames.message("message", m).payload(), StandardCharsets.UTF_8);

    assertThat(frame).contains("\"data\":" + new String(data, StandardCharsets.UTF_8) + ",\"ts\":");
    assertThat(JSON.readTree(frame).get("data").get("text").asText()).isEqualTo("h\u00e9llo \u2713 \ud83d\ude00");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "with \"quotes\" and \\ backslash", "tab\tnew\nline\u0000nul\u001f",
      "caf\u00e9 \u2603 \ud83d\ude00 \u007f", "lone \ud800 high", "lone \udc00 low", "end \ud83d", ""})
  void everyStringOfAMessageFrameReadsBackAsTheSameString(String text) throws IOException {
    StoredMessage m = new StoredMessage(MessageId.of("m3"), LOBBY, null, ADA, text,
        "1".getBytes(StandardCharsets.UTF_8), false, null, NOW, null, 9);

    JsonNode frame = parse(ServerFrames.message("message", m));

    assertThat(frame.get("event").textValue()).isEqualTo(text);
    assertThat(frame.get("data").intValue()).isEqualTo(1);
  }

  @Test
  void aStateMessageFrameCarriesItsDeliveryAndKeyAndNoOffset() throws IOException {
    StoredMessage m = new StoredMessage(MessageId.of("s1"), LOBBY, null, ADA, null,
        "{}".getBytes(StandardCharsets.UTF_8), false, null, NOW, null, 0);

    JsonNode frame = parse(ServerFrames.message("message", m, DeliveryClass.STATE, "cursor"));

    assertThat(frame).isEqualTo(json("{'type':'message','id':'s1','room':'lobby',"
        + "'delivery':'state','key':'cursor','from':'ada','data':{},'ts':'2030-01-02T03:04:05.678Z'}"));
  }

  @Test
  void theReplyToAPublishGivesTheOffsetOfAStoredMessageAndTheClassOfAnUnstoredOne()
      throws IOException {
    assertThat(parse(ServerFrames.published("p1", MessageId.of("m1"), DeliveryClass.RELIABLE, 12, 3)))
        .isEqualTo(json("{'type':'reply','ref':'p1','ok':true,'id':'m1','offset':12,'delivered':3}"));
    assertThat(parse(ServerFrames.published("a \"ref\"", MessageId.of("m1"), DeliveryClass.RELIABLE, 1,
        1)).get("ref").textValue()).isEqualTo("a \"ref\"");
    assertThat(parse(ServerFrames.published("p2", MessageId.of("m2"), DeliveryClass.EPHEMERAL, 0, 0)))
        .isEqualTo(json("{'type':'reply','ref':'p2','ok':true,'id':'m2','delivery':'ephemeral',"
            + "'delivered':0}"));
  }

  @Test
  void directMessageFromTheServerHasNoRoomOffsetOrSender() throws IOException {
    StoredMessage m = new StoredMessage(MessageId.of("d1"), null, ADA, null, null,
        "[1,2]".getBytes(StandardCharsets.UTF_8), false, null, NOW, null, 0);

    JsonNode frame = parse(ServerFrames.message("direct", m));

    assertThat(frame).isEqualTo(
        json("{'type':'direct','id':'d1','data':[1,2],'ts':'2030-01-02T03:04:05.678Z'}"));
  }

  @Test
  void joinedAndLeftNameTheRoomAndUser() throws IOException {
    assertThat(parse(ServerFrames.joined(LOBBY, ADA, NOW))).isEqualTo(json(
        "{'type':'joined','room':'lobby','user':'ada','ts':'2030-01-02T03:04:05.678Z'}"));
    assertThat(parse(ServerFrames.left(LOBBY, ADA, NOW))).isEqualTo(json(
        "{'type':'left','room':'lobby','user':'ada','ts':'2030-01-02T03:04:05.678Z'}"));
  }

  @Test
  void presenceCarriesStatusMetaLastSeenAndDevices() throws IOException {
    Presence presence = new Presence(ADA, PresenceStatus.AWAY, json("{'mood':'tea'}"), NOW, 2);

    assertThat(parse(ServerFrames.presence(presence))).isEqualTo(json(
        "{'type':'presence','user':'ada','status':'away','meta':{'mood':'tea'},"
            + "'lastSeen':'2030-01-02T03:04:05.678Z','devices':2}"));
  }

  @Test
  void typingNamesTheRoomUserAndState() throws IOException {
    assertThat(parse(ServerFrames.typing(LOBBY, ADA, true)))
        .isEqualTo(json("{'type':'typing','room':'lobby','user':'ada','typing':true}"));
    assertThat(parse(ServerFrames.typing(LOBBY, ADA, false)).get("typing").booleanValue())
        .isFalse();
  }

  @Test
  void roomClosedGivesTheReason() throws IOException {
    assertThat(parse(ServerFrames.roomClosed(LOBBY, "expired")))
        .isEqualTo(json("{'type':'room_closed','room':'lobby','reason':'expired'}"));
  }

  @Test
  void pongEchoesTheRefWhenGiven() throws IOException {
    assertThat(parse(ServerFrames.pong("p1", NOW)))
        .isEqualTo(json("{'type':'pong','ref':'p1','ts':'2030-01-02T03:04:05.678Z'}"));
    assertThat(parse(ServerFrames.pong(null, NOW)))
        .isEqualTo(json("{'type':'pong','ts':'2030-01-02T03:04:05.678Z'}"));
  }

  @Test
  void jsonBytesRoundTripThroughTheWireMapper() throws IOException {
    JsonNode value = json("{'a':[1,'two',null,{'b':true}]}");

    assertThat(JSON.readTree(ServerFrames.jsonBytes(value))).isEqualTo(value);
  }
}
