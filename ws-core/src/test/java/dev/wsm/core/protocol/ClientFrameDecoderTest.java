package dev.wsm.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.PresenceStatus;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientFrameDecoderTest {
  private final ClientFrameDecoder decoder = new ClientFrameDecoder();

  /** Decodes JSON written with single quotes, for readability. */
  private ClientFrame decode(String singleQuoted) {
    return decoder.decode(singleQuoted.replace('\'', '"'));
  }

  private ProtocolException refused(String singleQuoted) {
    return refusedRaw(singleQuoted.replace('\'', '"'));
  }

  private ProtocolException refusedRaw(String text) {
    ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decoder.decode(text));
    assertThat(e).as("decoding %s", abbreviate(text)).isNotNull();
    return e;
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }

  @Test
  void decodesJoinWithAndWithoutPassword() {
    assertThat(decode("{'type':'join','ref':'r1','room':'lobby','password':'s3cret'}"))
        .isEqualTo(new ClientFrame.Join("r1", RoomId.of("lobby"), "s3cret"));
    assertThat(decode("{'type':'join','room':'lobby'}"))
        .isEqualTo(new ClientFrame.Join(null, RoomId.of("lobby"), null));
  }

  @Test
  void joinToStringHidesThePassword() {
    assertThat(decode("{'type':'join','room':'lobby','password':'s3cret'}").toString())
        .doesNotContain("s3cret");
  }

  @Test
  void decodesLeave() {
    assertThat(decode("{'type':'leave','ref':'r','room':'lobby'}"))
        .isEqualTo(new ClientFrame.Leave("r", RoomId.of("lobby")));
  }

  @Test
  void aPublishIsReliableUnlessItSaysOtherwise() {
    ClientFrame.Publish plain =
        (ClientFrame.Publish) decode("{'type':'publish','room':'r','data':1}");
    assertThat(plain.delivery()).isEqualTo(dev.wsm.core.DeliveryClass.RELIABLE);
    ClientFrame.Publish ephemeral = (ClientFrame.Publish) decode(
        "{'type':'publish','room':'r','data':1,'delivery':'ephemeral'}");
    assertThat(ephemeral.delivery()).isEqualTo(dev.wsm.core.DeliveryClass.EPHEMERAL);
    assertThat(ephemeral.key()).isNull();
    ClientFrame.Publish state = (ClientFrame.Publish) decode(
        "{'type':'publish','room':'r','data':1,'delivery':'state','key':'cursor:7'}");
    assertThat(state.delivery()).isEqualTo(dev.wsm.core.DeliveryClass.STATE);
    assertThat(state.key()).isEqualTo("cursor:7");
  }

  @Test
  void aPublishWithAnUnusableDeliveryIsRefusedWithTheReason() {
    assertThat(refused("{'type':'publish','room':'r','data':1,'delivery':'soon'}").getMessage())
        .contains("ephemeral, state, reliable");
    assertThat(refused("{'type':'publish','room':'r','data':1,'delivery':'state'}").getMessage())
        .contains("'key'");
    assertThat(refused("{'type':'publish','room':'r','data':1,'key':'k'}").getMessage())
        .contains("'key' applies to delivery 'state' only");
    assertThat(refused(
        "{'type':'publish','room':'r','data':1,'delivery':'ephemeral','ttl':60}").getMessage())
        .contains("'ttl' applies to reliable messages only");
    assertThat(refused("{'type':'publish','room':'r','data':1,'delivery':'state','key':'"
        + "k".repeat(257) + "'}").getMessage()).contains("key");
  }

  @Test
  void decodesPublishWithDefaults() {
    ClientFrame.Publish publish =
        (ClientFrame.Publish) decode("{'type':'publish','room':'lobby','data':{'text':'hi'}}");

    assertThat(publish.room()).isEqualTo(RoomId.of("lobby"));
    assertThat(publish.data().tree().get("text").textValue()).isEqualTo("hi");
    assertThat(publish.event()).isNull();
    assertThat(publish.echo()).isFalse();
    assertThat(publish.ref()).isNull();
  }

  @Test
  void decodesPublishWithEventAndEcho() {
    ClientFrame.Publish publish = (ClientFrame.Publish) decode(
        "{'type':'publish','ref':'7','room':'lobby','data':[1,2],'event':'chat','echo':true}");

    assertThat(publish.event()).isEqualTo("chat");
    assertThat(publish.echo()).isTrue();
    assertThat(publish.data().tree().isArray()).isTrue();
    assertThat(publish.ref()).isEqualTo("7");
  }

  @Test
  void decodesPublishWithNullData() {
    ClientFrame.Publish publish =
        (ClientFrame.Publish) decode("{'type':'publish','room':'lobby','data':null}");

    assertThat(publish.data().tree().isNull()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}", "[]", "[1, [2, [3]], {}]",
      "\"text with \\\"quotes\\\", \\\\ and \\u00e9\"", "\"h\u00e9llo \u2603 \ud83d\ude00\"", "0", "-12",
      "3.25e-3", "123456789012345678901234567890", "true", "false", "null", "{ \"spaced\" : [ 1 , 2 ] }"})
  void keepsAPublishedDataValueAsTheExactTextTheClientSent(String data) {
    for (String around : List.of("%s", " %s ", "%s\n")) {
      String value = around.formatted(data);
      ClientFrame.Publish first = (ClientFrame.Publish) decoder.decode(
          "{\"type\":\"publish\",\"room\":\"r\",\"data\":" + value + ",\"event\":\"e\"}");
      ClientFrame.Publish last = (ClientFrame.Publish) decoder.decode(
          "{\"type\":\"publish\",\"room\":\"r\",\"data\":" + value + "}");

      assertThat(first.data().toString()).isEqualTo(data);
      assertThat(last.data().toString()).isEqualTo(data);
      assertThat(first.data().utf8()).isEqualTo(data.getBytes(StandardCharsets.UTF_8));
      assertThat(first.event()).isEqualTo("e");
    }
  }

  @Test
  void refusesAPublishWithoutDataOrWithDataThatIsNotJson() {
    assertThat(refused("{'type':'publish','ref':'p','room':'r'}").getMessage())
        .contains("'data' is required");
    assertThat(refused("{'type':'publish','room':'r','data':{'a':1,'a':2}}").code())
        .isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(refused("{'type':'publish','room':'r','data':{'a':tru}}").code())
        .isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(refused("{'type':'publish','room':'r','data':'\\q'}").code())
        .isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(refused("{'type':'publish','room':'r','data':01}").code())
        .isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void decodesDirectToAUser() {
    assertThat(decode("{'type':'direct','to':'ada','data':'hello','event':'dm'}"))
        .isEqualTo(new ClientFrame.Direct(null, UserId.of("ada"), null,
            JsonNodeFactory.instance.textNode("hello"), "dm"));
  }

  @Test
  void decodesDirectToAConnection() {
    assertThat(decode("{'type':'direct','connection':'c-1','data':1}"))
        .isEqualTo(new ClientFrame.Direct(null, null, ConnectionId.of("c-1"),
            JsonNodeFactory.instance.numberNode(1), null));
  }

  @Test
  void decodesPresenceWithStatusAndMeta() {
    ClientFrame.PresenceUpdate update = (ClientFrame.PresenceUpdate) decode(
        "{'type':'presence','status':'away','meta':{'mood':'tea'}}");

    assertThat(update.status()).isEqualTo(PresenceStatus.AWAY);
    assertThat(update.meta().get("mood").textValue()).isEqualTo("tea");
  }

  @Test
  void decodesPresenceWithOnlyStatusOrOnlyMeta() {
    assertThat(decode("{'type':'presence','status':'busy'}"))
        .isEqualTo(new ClientFrame.PresenceUpdate(null, PresenceStatus.BUSY, null));
    ClientFrame.PresenceUpdate metaOnly =
        (ClientFrame.PresenceUpdate) decode("{'type':'presence','meta':{}}");
    assertThat(metaOnly.status()).isNull();
    assertThat(metaOnly.meta().isObject()).isTrue();
  }

  @Test
  void decodesTyping() {
    assertThat(decode("{'type':'typing','room':'lobby','typing':true}"))
        .isEqualTo(new ClientFrame.Typing(null, RoomId.of("lobby"), true));
    assertThat(decode("{'type':'typing','room':'lobby','typing':false}"))
        .isEqualTo(new ClientFrame.Typing(null, RoomId.of("lobby"), false));
  }

  @Test
  void decodesPing() {
    assertThat(decode("{'type':'ping','ref':'p1'}")).isEqualTo(new ClientFrame.Ping("p1"));
    assertThat(decode("{'type':'ping'}")).isEqualTo(new ClientFrame.Ping(null));
  }

  @Test
  void decodesMembers() {
    assertThat(decode("{'type':'members','room':'lobby'}"))
        .isEqualTo(new ClientFrame.Members(null, RoomId.of("lobby")));
  }

  @Test
  void decodesHistoryWithDefaults() {
    assertThat(decode("{'type':'history','room':'lobby'}"))
        .isEqualTo(new ClientFrame.History(null, RoomId.of("lobby"), 0, 50, false));
  }

  @Test
  void decodesHistoryWithEveryField() {
    assertThat(decode("{'type':'history','room':'lobby','after':12,'limit':1000,'order':'newest'}"))
        .isEqualTo(new ClientFrame.History(null, RoomId.of("lobby"), 12, 1000, true));
    assertThat(decode("{'type':'history','room':'lobby','order':'oldest','limit':1}"))
        .isEqualTo(new ClientFrame.History(null, RoomId.of("lobby"), 0, 1, false));
  }

  @Test
  void decodesHistoryOffsetAndTimeBounds() {
    assertThat(decode("{'type':'history','room':'lobby','after':10,'before':20,"
        + "'since':'2026-11-22T09:00:00Z','until':'2026-11-22T10:00:00.5Z'}"))
        .isEqualTo(new ClientFrame.History(null, RoomId.of("lobby"), 10, 20,
            Instant.parse("2026-11-22T09:00:00Z"), Instant.parse("2026-11-22T10:00:00.5Z"), null, 50,
            false));
    assertThat(((ClientFrame.History) decode("{'type':'history','room':'r','parent':'m1'}")).parent())
        .isEqualTo(dev.wsm.core.MessageId.of("m1"));
    assertThat(((ClientFrame.Publish) decode("{'type':'publish','room':'r','data':1,'parent':'m1'}"))
        .parent()).isEqualTo(dev.wsm.core.MessageId.of("m1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'type':'history','ref':'h','room':'r','after':5,'before':6}",
      "{'type':'history','ref':'h','room':'r','before':-1}",
      "{'type':'history','ref':'h','room':'r','since':'yesterday'}",
      "{'type':'history','ref':'h','room':'r','until':42}",
      "{'type':'history','ref':'h','room':'r','since':'2026-11-22T10:00:00Z','until':'2026-11-22T10:00:00Z'}"})
  void refusesHistoryBoundsThatSelectNothingOrDoNotParse(String text) {
    ProtocolException e = refused(text);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isEqualTo("h");
  }

  @Test
  void decodesAckAndTtl() {
    assertThat(decode("{'type':'ack','ids':['a','b']}")).isEqualTo(new ClientFrame.Ack(null,
        java.util.List.of(dev.wsm.core.MessageId.of("a"), dev.wsm.core.MessageId.of("b"))));
    assertThat(decode("{'type':'ack','upTo':17}")).isEqualTo(
        new ClientFrame.Ack(null, java.util.List.of(), 17));
    assertThat(((ClientFrame.Direct) decode("{'type':'direct','to':'bob','data':1,'ttl':60}")).ttl())
        .isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(((ClientFrame.Publish) decode("{'type':'publish','room':'r','data':1}")).ttl()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'type':'ack','ref':'h'}",
      "{'type':'ack','ref':'h','ids':[]}",
      "{'type':'ack','ref':'h','ids':[1]}",
      "{'type':'ack','ref':'h','ids':'a'}",
      "{'type':'ack','ref':'h','ids':['a'],'upTo':3}",
      "{'type':'ack','ref':'h','upTo':0}",
      "{'type':'ack','ref':'h','upTo':-1}",
      "{'type':'ack','ref':'h','upTo':'3'}",
      "{'type':'ack','ref':'h','upTo':1.5}",
      "{'type':'publish','ref':'h','room':'r','data':1,'ttl':0}",
      "{'type':'publish','ref':'h','room':'r','data':1,'ttl':604801}",
      "{'type':'direct','ref':'h','to':'u','data':1,'ttl':'60'}"})
  void refusesAMalformedAckOrTtl(String text) {
    ProtocolException e = refused(text);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isEqualTo("h");
  }

  @Test
  void decodesResumeWithItsRooms() {
    assertThat(decode("{'type':'resume','ref':'r','session':'v1.x','rooms':[{'room':'lobby',"
        + "'offset':41,'epoch':'E'},{'room':'vip','password':'pw'}]}"))
        .isEqualTo(new ClientFrame.Resume("r", "v1.x", java.util.List.of(
            new ClientFrame.ResumeRoom(RoomId.of("lobby"), 41, "E", null),
            new ClientFrame.ResumeRoom(RoomId.of("vip"), 0, null, "pw"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'type':'resume','ref':'h','rooms':[]}",
      "{'type':'resume','ref':'h','session':'s'}",
      "{'type':'resume','ref':'h','session':'s','rooms':{}}",
      "{'type':'resume','ref':'h','session':'s','rooms':['lobby']}",
      "{'type':'resume','ref':'h','session':'s','rooms':[{'offset':3,'epoch':'E'}]}",
      "{'type':'resume','ref':'h','session':'s','rooms':[{'room':'r','offset':3}]}",
      "{'type':'resume','ref':'h','session':'s','rooms':[{'room':'r','offset':-1,'epoch':'E'}]}"})
  void refusesAMalformedResume(String text) {
    ProtocolException e = refused(text);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isEqualTo("h");
  }

  @Test
  void decodesACustomTypeWithItsData() {
    ClientFrame.Custom custom =
        (ClientFrame.Custom) decode("{'type':'game.move:v2','ref':'g','data':{'x':3}}");

    assertThat(custom.type()).isEqualTo("game.move:v2");
    assertThat(custom.ref()).isEqualTo("g");
    assertThat(custom.data().get("x").intValue()).isEqualTo(3);
  }

  @Test
  void decodesACustomTypeWithoutDataAsJsonNull() {
    ClientFrame.Custom custom = (ClientFrame.Custom) decode("{'type':'status_check'}");

    assertThat(custom.data().isNull()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{'type':'ping',}", "{'type':'ping'} trailing", "{type:'ping'}",
      "{'type':'ping'}{'type':'ping'}"})
  void refusesMalformedJson(String text) {
    ProtocolException e = refused(text);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "42", "'ping'", "null", "true", "[{'type':'ping'}]"})
  void refusesAFrameThatIsNotAnObject(String text) {
    assertThat(refused(text).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void refusesAFrameWithoutType() {
    ProtocolException e = refused("{'ref':'r1','room':'lobby'}");

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isEqualTo("r1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{'type':5}", "{'type':null}", "{'type':['join']}", "{'type':{}}"})
  void refusesATypeThatIsNotAString(String text) {
    assertThat(refused(text).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'type':'join','room':42}",
      "{'type':'join'}",
      "{'type':'join','room':''}",
      "{'type':'join','room':'bad\\u0000room'}",
      "{'type':'join','room':'lobby','password':7}",
      "{'type':'leave','room':null}",
      "{'type':'publish','room':'lobby'}",
      "{'type':'publish','room':'lobby','data':1,'echo':'yes'}",
      "{'type':'publish','room':'lobby','data':1,'event':false}",
      "{'type':'direct','to':5,'data':1}",
      "{'type':'direct','to':'ada'}",
      "{'type':'presence','meta':[1]}",
      "{'type':'presence','status':1}",
      "{'type':'typing','room':'lobby'}",
      "{'type':'typing','room':'lobby','typing':'true'}",
      "{'type':'history','room':'lobby','after':-1}",
      "{'type':'history','room':'lobby','after':1.5}",
      "{'type':'history','room':'lobby','limit':0}",
      "{'type':'history','room':'lobby','limit':1001}",
      "{'type':'history','room':'lobby','limit':'5'}",
      "{'type':'history','room':'lobby','order':1}"})
  void refusesFieldsOfTheWrongType(String text) {
    ProtocolException e = refused(text.replace("'type'", "'ref':'r9','type'"));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isEqualTo("r9");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Join", "no spaces", "émoji", "a/b", "",
      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + "xxxxxxxxxxxxxxxxxxxxxxxxx"})
  void refusesAnUnknownTypeThatIsNotAValidCustomName(String type) {
    ProtocolException e = refused("{'type':'" + type + "','ref':'r2'}");

    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
    assertThat(e.ref()).isEqualTo("r2");
  }

  @Test
  void refusesADirectMessageWithBothUserAndConnection() {
    ProtocolException e =
        refused("{'type':'direct','ref':'d','to':'ada','connection':'c1','data':1}");

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isEqualTo("d");
  }

  @Test
  void refusesADirectMessageWithNeitherUserNorConnection() {
    ProtocolException e = refused("{'type':'direct','ref':'d','data':1}");

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isEqualTo("d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"offline", "OFFLINE", "Online", "sleeping", ""})
  void refusesAPresenceStatusAClientMayNotSet(String status) {
    ProtocolException e = refused("{'type':'presence','ref':'s','status':'" + status + "'}");

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isEqualTo("s");
  }

  @Test
  void refusesPresenceWithNeitherStatusNorMeta() {
    assertThat(refused("{'type':'presence'}").code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void echoesAnIntegerRefAsAString() {
    assertThat(decode("{'type':'ping','ref':42}").ref()).isEqualTo("42");
    assertThat(decode("{'type':'ping','ref':-7}").ref()).isEqualTo("-7");
  }

  @Test
  void treatsANullRefAsAbsent() {
    assertThat(decode("{'type':'ping','ref':null}").ref()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{'type':'ping','ref':true}", "{'type':'ping','ref':1.5}",
      "{'type':'ping','ref':{}}", "{'type':'ping','ref':['a']}"})
  void refusesARefThatIsNotAStringOrInteger(String text) {
    ProtocolException e = refused(text);

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(e.ref()).isNull();
  }

  @Test
  void refusesARefLongerThan64Characters() {
    assertThat(decode("{'type':'ping','ref':'" + "r".repeat(64) + "'}").ref()).hasSize(64);

    assertThat(refused("{'type':'ping','ref':'" + "r".repeat(65) + "'}").code())
        .isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void refusesDeepNestingWithoutOverflowingTheStack() {
    ProtocolException e = refusedRaw("[".repeat(10_000));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void refusesDeepNestingInsideData() {
    String text = "{\"type\":\"publish\",\"ref\":\"n\",\"room\":\"lobby\",\"data\":"
        + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    assertThat(refusedRaw(text).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void acceptsNestingWellWithinTheLimit() {
    int depth = WireJson.MAX_NESTING_DEPTH - 4;
    String text = "{\"type\":\"publish\",\"room\":\"lobby\",\"data\":"
        + "[".repeat(depth) + "]".repeat(depth) + "}";

    assertThat(decoder.decode(text)).isInstanceOf(ClientFrame.Publish.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{'type':'join','room':'a','room':'b'}", "{'type':'ping','type':'join','room':'a'}",
      "{'type':'publish','room':'r','data':1,'data':2}",
      "{'type':'publish','room':'r','data':{'a':1,'b':2,'c':3,'a':4}}",
      "{'type':'publish','room':'r','data':[1,{'x':{'y':1,'y':2}}]}",
      "{'type':'presence','status':'away','meta':{'m':1,'m':2}}",
      "{'type':'resume','session':'s','rooms':[{'room':'a','room':'b'}]}",
      "{'type':'direct','to':'u','data':{'k':1,'k':1}}"})
  void refusesDuplicateKeysAtAnyDepth(String text) {
    assertThat(refused(text).code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void acceptsTheSameNameInDifferentObjects() {
    ClientFrame.Publish publish = (ClientFrame.Publish) decode(
        "{'type':'publish','room':'r','data':{'room':{'room':1},'list':[{'a':1},{'a':2}]}}");

    assertThat(publish.data().tree().get("list").get(1).get("a").intValue()).isEqualTo(2);
    assertThat(decode("{'type':'presence','meta':{'a':1,'b':{'a':2}},'status':'away'}"))
        .isInstanceOf(ClientFrame.PresenceUpdate.class);
  }

  @Test
  void refusesOversizeStringsAsTooLarge() {
    ProtocolException e = refused(
        "{'type':'join','ref':'big','room':'lobby','password':'" + "p".repeat(1025) + "'}");

    assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(e.ref()).isEqualTo("big");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'ref':'keep'}",
      "{'ref':'keep','type':7}",
      "{'ref':'keep','type':'BAD TYPE'}",
      "{'ref':'keep','type':'join'}",
      "{'ref':'keep','type':'direct','data':1}",
      "{'ref':'keep','type':'presence','status':'offline'}",
      "{'ref':'keep','type':'history','room':'lobby','limit':-1}",
      "{'ref':'keep','type':'publish','room':'lobby','data':1,'event':'"
          + "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
          + "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee" + "'}"})
  void everyFailureAfterTheRefWasReadCarriesIt(String text) {
    assertThat(refused(text).ref()).isEqualTo("keep");
  }

  @Test
  void failuresBeforeTheRefCouldBeReadCarryNoRef() {
    assertThat(refused("{'ref':'lost',").ref()).isNull();
    assertThat(refused("{'ref':'lost','ref':'twice','type':'ping'}").ref()).isNull();
  }

  @Test
  void refusesAHistoryOrderOtherThanOldestOrNewest() {
    assertThat(refused("{'type':'history','ref':'h','room':'r','order':'sideways'}").code())
        .isEqualTo(dev.wsm.core.ErrorCode.INVALID_MESSAGE);
    assertThat(decode("{'type':'history','room':'r','order':'oldest'}"))
        .isEqualTo(new ClientFrame.History(null, RoomId.of("r"), 0, 50, false));
  }

  @Test
  void refusesAnEmptyEventLabel() {
    assertThat(refused("{'type':'publish','room':'r','data':1,'event':''}").code())
        .isEqualTo(dev.wsm.core.ErrorCode.INVALID_MESSAGE);
    assertThat(refused("{'type':'direct','connection':'c','data':1,'event':''}").code())
        .isEqualTo(dev.wsm.core.ErrorCode.INVALID_MESSAGE);
  }

  @Test
  void treatsANullPresenceMetaAsAbsent() {
    assertThat(decode("{'type':'presence','status':'away','meta':null}"))
        .isEqualTo(new ClientFrame.PresenceUpdate(null, dev.wsm.core.PresenceStatus.AWAY, null));
  }

  @Test
  void anOverlongRecipientIdIsAnInvalidMessageLikeAnOverlongRoom() {
    String longId = "u".repeat(129);
    assertThat(refused("{'type':'direct','to':'" + longId + "','data':1}").code())
        .isEqualTo(dev.wsm.core.ErrorCode.INVALID_MESSAGE);
    assertThat(refused("{'type':'join','room':'" + longId + "'}").code())
        .isEqualTo(dev.wsm.core.ErrorCode.INVALID_MESSAGE);
  }
}
