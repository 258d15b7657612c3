package dev.wsm.client;

import dev.wsm.testkit.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wsm.core.CloseCodes;
import dev.wsm.core.Connection;
import dev.wsm.core.HubOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.RoomOptions;
import dev.wsm.core.UserId;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against a real hub (Netty transport, real sockets, in-memory store). */
class WsmClientIT {
  static final Duration WAIT = Duration.ofSeconds(10);
  private static TestServer server;
  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    server = TestServer.start(HubOptions.DEFAULTS.withPasswordIterations(1000),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)));
    server.hub().handle("echo", (connection, data) -> CompletableFuture.completedFuture(data));
    server.hub().handle("never", (connection, data) -> new CompletableFuture<>());
    server.hub().rooms().create(RoomId.of("vip"), RoomOptions.DEFAULTS.withPassword("s3cret"))
        .toCompletableFuture().join();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable c : closeAfter) {
      c.close();
    }
  }

  private static URI wsUri() {
    return URI.create(server.hub().url());
  }

  private WsmClient connect(String user, Recorder recorder) {
    return connect(wsUri(), user, recorder, b -> b);
  }

  WsmClient connect(URI uri, String user, Recorder recorder,
      UnaryOperator<WsmClient.Builder> customize) {
    WsmClient client = customize.apply(recorder.attach(WsmClient.builder(uri).user(user))).build();
    closeAfter.add(client);
    get(client.connect());
    return client;
  }

  static <T> T get(CompletableFuture<T> future) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the future did not complete within " + WAIT, e);
    }
  }

  static WsmClientException failure(CompletableFuture<?> future) {
    try {
      future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WsmClientException.class);
      return (WsmClientException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError("the future did not fail within " + WAIT, e);
    }
    throw new AssertionError("the future succeeded");
  }

  private static List<Connection> connectionsOf(String user) {
    return server.hub().connections().byUser(UserId.of(user));
  }

  @Test
  void aPublishedMessageReachesTheOtherMemberWithEveryField() {
    Recorder a = new Recorder();
    WsmClient alice = connect("alice1", a);
    WsmClient bob = connect("bob1", new Recorder());
    assertThat(alice.welcome()).hasValueSatisfying(w -> {
      assertThat(w.user()).isEqualTo("alice1");
      assertThat(w.protocol()).isEqualTo(1);
      assertThat(w.connection()).isNotBlank();
      assertThat(w.heartbeatInterval()).isEqualTo(Duration.ofSeconds(25));
      assertThat(w.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
    });
    JoinResult joined = get(alice.join("chat1"));
    assertThat(joined.room().name()).isEqualTo("chat1");
    assertThat(joined.room().isPrivate()).isFalse();
    assertThat(joined.stream().offset()).isZero();
    assertThat(joined.stream().epoch()).isNotBlank();
    get(bob.join("chat1"));

    ObjectNode data = JsonNodeFactory.instance.objectNode().put("text", "hi");
    PublishResult published = get(bob.publish("chat1", data, "chat"));
    assertThat(published.offset()).isEqualTo(1);
    assertThat(published.delivered()).isEqualTo(1);

    RoomMessage m = a.messages.await(1, WAIT).get(0);
    assertThat(m.id()).isEqualTo(published.id());
    assertThat(m.room()).isEqualTo("chat1");
    assertThat(m.offset()).isEqualTo(1);
    assertThat(m.from()).isEqualTo("bob1");
    assertThat(m.event()).isEqualTo("chat");
    assertThat(m.data()).isEqualTo(data);
    assertThat(m.ts()).isNotNull();
    assertThat(alice.position("chat1"))
        .contains(new StreamPosition(joined.stream().epoch(), 1));
    assertThat(a.joined.awaitFirst(e -> e.user().equals("bob1"), WAIT).room()).isEqualTo("chat1");
    assertThat(a.stateSequence()).containsExactly(ClientState.CONNECTING, ClientState.CONNECTED);
  }

  @Test
  void directPresenceTypingMembersHistoryAndLeaveDoWhatTheProtocolSays() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    WsmClient alice = connect("alice2", a);
    WsmClient bob = connect("bob2", b);
    get(alice.join("room2"));
    get(bob.join("room2"));

    DirectResult direct = get(alice.direct("bob2", "psst"));
    assertThat(direct.delivered()).isEqualTo(1);
    assertThat(direct.queued()).as("kept in bob's inbox until acknowledged").isTrue();
    DirectMessage dm = b.directs.await(1, WAIT).get(0);
    assertThat(dm.id()).isEqualTo(direct.id());
    assertThat(dm.from()).isEqualTo("alice2");
    assertThat(dm.data()).isEqualTo(TextNode.valueOf("psst"));

    Presence mine =
        get(alice.presence("away", JsonNodeFactory.instance.objectNode().put("mood", "ok")));
    assertThat(mine.status()).isEqualTo("away");
    assertThat(mine.meta().path("mood").asText()).isEqualTo("ok");
    assertThat(b.presence.awaitFirst(p -> p.user().equals("alice2"), WAIT).status())
        .isEqualTo("away");

    get(alice.typing("room2", true));
    Typing typing = b.typing.await(1, WAIT).get(0);
    assertThat(typing).isEqualTo(new Typing("room2", "alice2", true));

    assertThat(get(bob.members("room2"))).extracting(Presence::user)
        .containsExactly("alice2", "bob2");

    for (int i = 1; i <= 5; i++) {
      get(alice.publish("room2", "m" + i));
    }
    HistoryPage page = get(bob.history("room2",
        HistoryRequest.after(1).withBefore(5).withOrder(HistoryRequest.Order.NEWEST)));
    assertThat(page.room()).isEqualTo("room2");
    assertThat(page.lastOffset()).isEqualTo(5);
    assertThat(page.epoch()).isNotBlank();
    assertThat(page.messages()).extracting(RoomMessage::offset).containsExactly(4L, 3L, 2L);
    assertThat(page.messages().get(0).data()).isEqualTo(TextNode.valueOf("m4"));

    assertThat(get(alice.leave("room2"))).isTrue();
    assertThat(get(alice.leave("room2"))).isFalse();
    assertThat(alice.position("room2")).isEmpty();
    assertThat(b.left.awaitFirst(e -> e.user().equals("alice2"), WAIT).room()).isEqualTo("room2");
  }

  @Test
  void ephemeralAndStateMessagesArriveWithoutAnOffsetAndStayOutOfHistory() {
    Recorder a = new Recorder();
    WsmClient alice = connect("alice21", a);
    WsmClient bob = connect("bob21", new Recorder());
    get(alice.join("board21"));
    get(bob.join("board21"));
    PublishResult cursor = get(bob.publish("board21", TextNode.valueOf("x=1"),
        SendOptions.NONE.ephemeral()));
    assertThat(cursor.offset()).isZero();
    assertThat(cursor.delivered()).isEqualTo(1);
    get(bob.publish("board21", TextNode.valueOf("x=2"), SendOptions.NONE.state("cursor:bob21")));

    List<RoomMessage> got = a.messages.await(2, WAIT);
    assertThat(got).extracting(RoomMessage::data)
        .containsExactly(TextNode.valueOf("x=1"), TextNode.valueOf("x=2"));
    assertThat(got).extracting(RoomMessage::offset).containsOnly(0L);
    assertThat(get(alice.history("board21", HistoryRequest.DEFAULTS)).messages()).isEmpty();
    assertThatThrownBy(() -> SendOptions.NONE.state("k").withTtl(Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReplyCarriesItsParentAndHistoryListsTheThread() {
    Recorder a = new Recorder();
    WsmClient alice = connect("alice20", a);
    WsmClient bob = connect("bob20", new Recorder());
    get(alice.join("forum20"));
    get(bob.join("forum20"));
    PublishResult question = get(alice.publish("forum20", TextNode.valueOf("why?")));
    get(bob.publish("forum20", TextNode.valueOf("because"),
        SendOptions.NONE.withParent(question.id()).withTtl(Duration.ofHours(1))));

    RoomMessage reply = a.messages.await(1, WAIT).get(0);
    assertThat(reply.parent()).isEqualTo(question.id());
    HistoryPage thread = get(alice.history("forum20",
        HistoryRequest.DEFAULTS.withParent(question.id())));
    assertThat(thread.messages()).extracting(RoomMessage::data)
        .containsExactly(TextNode.valueOf("because"));
    assertThatThrownBy(() -> SendOptions.NONE.withTtl(Duration.ofMillis(1500)))
        .hasMessageContaining("whole seconds");
  }

  @Test
  void aDirectMessageComesAgainAfterAReconnectUntilADeviceAcknowledgesIt() {
    Recorder b = new Recorder();
    WsmClient alice = connect("alice12", new Recorder());
    WsmClient bob = connect(wsUri(), "bob12", b,
        builder -> builder.backoff(Backoff.DEFAULTS.withBase(Duration.ofMillis(10))));
    DirectResult first = get(alice.direct("bob12", "first"));
    DirectResult second = get(alice.direct("bob12", "second"));
    b.directs.await(2, WAIT);
    assertThat(get(bob.ack(first.id()))).isEqualTo(1);
    assertThat(get(bob.ack(first.id()))).as("already acknowledged").isZero();

    connectionsOf("bob12").forEach(c -> c.close(CloseCodes.INTERNAL_ERROR, "again"));
    List<DirectMessage> seen = b.directs.await(3, WAIT);
    assertThat(seen.get(2).id()).isEqualTo(second.id());
    assertThat(seen.get(2).data().asText()).isEqualTo("second");
    b.states.awaitMatching(s -> s.size() == 4, WAIT, "reconnected");
    assertThat(get(bob.ack(List.of(second.id(), "no-such-id")))).isEqualTo(1);
    assertThat(b.directs.size()).as("the acknowledged one did not come again").isEqualTo(3);
  }

  @Test
  void aRefusedRequestFailsWithTheServersErrorCodeAndMessage() {
    WsmClient alice = connect("alice3", new Recorder());
    WsmClientException notMember = failure(alice.publish("elsewhere", "x"));
    assertThat(notMember.code()).isEqualTo("forbidden");
    assertThat(notMember.getMessage()).isEqualTo("join room 'elsewhere' first");
    assertThat(notMember.isServerError()).isTrue();

    assertThat(failure(alice.join("vip", "wrong")).code()).isEqualTo("wrong_password");
    assertThat(failure(alice.join("vip")).code()).isEqualTo("wrong_password");
    assertThat(get(alice.join("vip", "s3cret")).room().isPrivate()).isTrue();

    assertThat(failure(alice.request("nope.nope", null)).code()).isEqualTo("unknown_type");
    assertThat(failure(alice.presence("sleeping", null)).code()).isEqualTo("invalid_message");
    assertThat(alice.state()).as("a refusal is not a connection problem")
        .isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void aCustomRequestGetsItsReplyAndOneWithoutReplyTimesOut() {
    WsmClient alice = connect(wsUri(), "alice4", new Recorder(),
        b -> b.requestTimeout(Duration.ofMillis(300)));
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    fields.set("data", JsonNodeFactory.instance.objectNode().put("id", "A-17"));
    JsonNode reply = get(alice.request("echo", fields));
    assertThat(reply.path("ok").asBoolean()).isTrue();
    assertThat(reply.path("data").path("id").asText()).isEqualTo("A-17");

    long start = System.nanoTime();
    WsmClientException timeout = failure(alice.request("never", null));
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(timeout).isInstanceOf(RequestTimeoutException.class);
    assertThat(timeout.code()).isEqualTo(WsmClientException.TIMEOUT);
    assertThat(timeout.isServerError()).isFalse();
    assertThat(timeout.getMessage()).isEqualTo("no reply to 'never' within 300 ms");
    assertThat(tookMillis).isBetween(250L, 5000L);
    assertThat(get(alice.request("echo", fields)).path("ok").asBoolean())
        .as("the connection is still usable").isTrue();
  }

  @Test
  void handlersRunOnTheEventThreadAndWhatTheyThrowReachesTheErrorHandler() {
    Recorder a = new Recorder();
    WsmClient alice = connect(wsUri(), "alice5", a,
        b -> b.onDirect(d -> {
          a.threads.add(Thread.currentThread().getName());
          throw new IllegalStateException("handler bug " + d.data().asText());
        }));
    WsmClient bob = connect("bob5", new Recorder());
    get(bob.direct("alice5", "one"));
    Throwable error = a.errors.await(1, WAIT).get(0);
    assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("handler bug one");
    get(bob.direct("alice5", "two"));
    assertThat(a.errors.await(2, WAIT).get(1)).hasMessage("handler bug two");
    assertThat(a.threads.all()).isNotEmpty()
        .allSatisfy(name -> assertThat(name).matches("wsm-client-\\d+-events"));
    assertThat(alice.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void theClientReconnectsWhenTheServerClosesTheConnectionAndIsInItsRoomsAgain() {
    Recorder a = new Recorder();
    WsmClient alice = connect(wsUri(), "alice6", a,
        b -> b.backoff(Backoff.DEFAULTS.withBase(Duration.ofMillis(20))));
    WsmClient bob = connect("bob6", new Recorder());
    get(alice.join("room6"));
    get(bob.join("room6"));
    String firstConnection = alice.welcome().orElseThrow().connection();

    connectionsOf("alice6").forEach(c -> c.close(CloseCodes.INTERNAL_ERROR, "boom"));

    StateChange lost = a.states.awaitFirst(s -> s.current() == ClientState.RECONNECTING, WAIT);
    assertThat(lost.previous()).isEqualTo(ClientState.CONNECTED);
    assertThat(lost.closeCode()).isEqualTo(1011);
    assertThat(lost.reason()).contains("boom");
    a.states.await(4, WAIT);
    assertThat(a.stateSequence()).containsExactly(ClientState.CONNECTING, ClientState.CONNECTED,
        ClientState.RECONNECTING, ClientState.CONNECTED);
    assertThat(alice.welcome().orElseThrow().connection()).isNotEqualTo(firstConnection);

    get(bob.publish("room6", "after the reconnect"));
    assertThat(a.messages.await(1, WAIT).get(0).data().asText()).isEqualTo("after the reconnect");
    assertThat(get(alice.publish("room6", "and back")).offset()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {CloseCodes.NORMAL, CloseCodes.KICKED, CloseCodes.TOO_MANY_CONNECTIONS})
  void theClientStaysClosedAfterACloseCodeThatSaysNotToComeBack(int code) throws Exception {
    Recorder a = new Recorder();
    String user = "alice7-" + code;
    WsmClient alice = connect(wsUri(), user, a,
        b -> b.backoff(Backoff.DEFAULTS.withBase(Duration.ofMillis(10))));
    CompletableFuture<JsonNode> unanswered = alice.request("never", null);
    connectionsOf(user).forEach(c -> c.close(code, "go away"));

    StateChange closed = a.states.awaitFirst(s -> s.current() == ClientState.CLOSED, WAIT);
    assertThat(closed.closeCode()).isEqualTo(code);
    assertThat(closed.reason()).contains("go away");
    Thread.sleep(200); // more than enough for a reconnect with a 10 ms backoff
    assertThat(connectionsOf(user)).isEmpty();
    assertThat(a.stateSequence()).doesNotContain(ClientState.RECONNECTING);
    assertThat(failure(alice.join("x")).code()).isEqualTo(WsmClientException.CLOSED);
    WsmClientException lostReply = failure(unanswered);
    assertThat(lostReply.code()).isEqualTo(WsmClientException.DISCONNECTED);
    assertThat(lostReply.getMessage()).contains(String.valueOf(code));
  }

  @Test
  void theFirstConnectionIsNotRetriedWhenItFails() {
    Recorder a = new Recorder();
    WsmClient wrongPath = WsmClient.builder(server.uri("").resolve("/nope"))
        .onStateChange(s -> a.states.add(s)).build();
    closeAfter.add(wrongPath);
    WsmClientException refused = failure(wrongPath.connect());
    assertThat(refused.code()).isEqualTo(WsmClientException.CONNECT_FAILED);
    assertThat(refused.getMessage()).contains("HTTP 404");
    assertThat(wrongPath.state()).isEqualTo(ClientState.CLOSED);
    assertThat(a.states.await(2, WAIT)).extracting(StateChange::current)
        .containsExactly(ClientState.CONNECTING, ClientState.CLOSED);

    WsmClient nobodyThere = WsmClient.builder(URI.create("ws://127.0.0.1:1/ws")).build();
    closeAfter.add(nobodyThere);
    assertThat(failure(nobodyThere.connect()).code()).isEqualTo(WsmClientException.CONNECT_FAILED);
  }

  @Test
  void closeFailsWhatIsPendingAndLeavesTheServerWithoutTheConnection() {
    Recorder a = new Recorder();
    WsmClient alice = connect("alice8", a);
    get(alice.join("room8"));
    CompletableFuture<JsonNode> pending = alice.request("never", null);
    assertThat(connectionsOf("alice8")).hasSize(1);

    alice.close();
    assertThat(alice.state()).isEqualTo(ClientState.CLOSED);
    assertThat(failure(pending).code()).isEqualTo(WsmClientException.CLOSED);
    assertThat(failure(alice.publish("room8", "late")).code()).isEqualTo(WsmClientException.CLOSED);
    StateChange closed = a.states.awaitFirst(s -> s.current() == ClientState.CLOSED, WAIT);
    assertThat(closed.closeCode()).isEqualTo(1000);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!connectionsOf("alice8").isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(connectionsOf("alice8")).isEmpty();
    alice.close(); // idempotent
  }

  @Test
  void requestsMadeWhileReconnectingWaitInABoundedQueueAndAreSentOnceConnected()
      throws Exception {
    try (TcpProxy proxy = new TcpProxy(server.hub().address().getPort())) {
      Recorder a = new Recorder();
      WsmClient alice = connect(proxy.uri(), "alice9", a, b -> b
          .options(WsmClientOptions.DEFAULTS.withMaxQueuedRequests(2)
              .withBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(50), 0))));
      get(alice.join("room9"));

      proxy.refuse(true);
      proxy.dropAll();
      a.states.awaitFirst(s -> s.current() == ClientState.RECONNECTING, WAIT);
      CompletableFuture<PublishResult> first = alice.publish("room9", "queued 1");
      CompletableFuture<PublishResult> second = alice.publish("room9", "queued 2");
      WsmClientException third = failure(alice.publish("room9", "one too many"));
      assertThat(third.code()).isEqualTo(WsmClientException.OVERLOADED);
      Thread.sleep(150); // several refused attempts
      assertThat(first).isNotDone();
      assertThat(alice.state()).isEqualTo(ClientState.RECONNECTING);

      proxy.refuse(false);
      assertThat(get(first).offset()).isEqualTo(1);
      assertThat(get(second).offset()).isEqualTo(2);
      assertThat(alice.state()).isEqualTo(ClientState.CONNECTED);
    }
  }

  @Test
  void requestsFailOverloadedOnceTheirFramesBackUpBehindAServerThatStoppedReading()
      throws Exception {
    try (TcpProxy proxy = new TcpProxy(server.hub().address().getPort())) {
      Recorder a = new Recorder();
      WsmClient alice = connect(proxy.uri(), "alice11", a, b -> b
          .options(WsmClientOptions.DEFAULTS.withMaxPendingRequests(4)
              .withRequestTimeout(Duration.ofMillis(100))));
      get(alice.join("room11"));

      proxy.stallAll();
      String big = "x".repeat(256 * 1024);
      // Each round's requests time out and leave the in-flight count, but their frames stay queued
      // once the socket buffers are full: the client must refuse new ones rather than queue more.
      WsmClientException refused = null;
      int timedOut = 0;
      for (int round = 0; round < 200 && refused == null; round++) {
        List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          sent.add(alice.publish("room11", big));
        }
        for (CompletableFuture<PublishResult> f : sent) {
          WsmClientException e = failure(f);
          if (e instanceof RequestTimeoutException) {
            timedOut++;
          } else if (refused == null) {
            refused = e;
          }
        }
      }
      assertThat(timedOut).as("requests written before the buffers filled").isPositive();
      assertThat(refused).as("a request refused for the frames waiting to be written").isNotNull();
      assertThat(refused.code()).isEqualTo(WsmClientException.OVERLOADED);
      assertThat(refused.getMessage()).contains("not written to the connection yet");
    }
  }

  @Test
  void theClientGivesUpAfterItsReconnectAttemptLimit() throws Exception {
    try (TcpProxy proxy = new TcpProxy(server.hub().address().getPort())) {
      Recorder a = new Recorder();
      WsmClient alice = connect(proxy.uri(), "alice10", a,
          b -> b.backoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 3)));
      proxy.refuse(true);
      proxy.dropAll();
      StateChange closed = a.states.awaitFirst(s -> s.current() == ClientState.CLOSED, WAIT);
      assertThat(closed.reason()).startsWith("gave up after 3 reconnect attempts");
      assertThat(alice.state()).isEqualTo(ClientState.CLOSED);
    }
  }
}
