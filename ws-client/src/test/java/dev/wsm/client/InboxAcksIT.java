package dev.wsm.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.AckScope;
import dev.wsm.core.HubOptions;
import dev.wsm.core.InboxOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.InboxStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inbox acks by id and up to a sequence number, per user and per device, with real sockets (Netty),
 * the Java client, and the in-memory store or a real SQLite file.
 */
class InboxAcksIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** How long a connect that must get nothing from the inbox is watched. */
  private static final Duration QUIET = Duration.ofMillis(500);

  @TempDir
  Path dir;

  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  private TestServer start(String store, AckScope scope) {
    List<Module> modules = new ArrayList<>();
    modules.add(binder -> OptionalBinder.newOptionalBinder(binder, InboxOptions.class)
        .setBinding().toInstance(new InboxOptions(scope)));
    if (store.equals("sqlite")) {
      modules.add(new SqliteStoreModule(SqliteOptions.at(dir.resolve("wsm.db"))));
    }
    TestServer server = TestServer.start(HubOptions.DEFAULTS.withMaxConnectionsPerUser(0),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        modules.toArray(Module[]::new));
    closeAfter.add(server);
    return server;
  }

  private WsmClient connect(TestServer server, String user, String device, Recorder recorder) {
    return connect(server, user, device, recorder, b -> b);
  }

  private WsmClient connect(TestServer server, String user, String device, Recorder recorder,
      UnaryOperator<WsmClient.Builder> customize) {
    WsmClient.Builder builder = recorder.attach(
        WsmClient.builder(java.net.URI.create(server.hub().url())).user(user));
    if (device != null) {
      builder.device(device);
    }
    WsmClient client = customize.apply(builder).build();
    closeAfter.add(client);
    WsmClientIT.get(client.connect());
    return client;
  }

  private static void send(WsmClient from, String to, String text) {
    DirectResult sent = WsmClientIT.get(from.direct(to, text));
    assertThat(sent.queued()).as("kept in the inbox").isTrue();
  }

  private static List<String> texts(List<DirectMessage> messages) {
    return messages.stream().map(m -> m.data().asText()).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite"})
  void inDeviceModeEachDeviceGetsTheMessageUntilItAcksIt(String store) throws Exception {
    TestServer server = start(store, AckScope.DEVICE);
    WsmClient alice = connect(server, "alice", null, new Recorder());
    // The laptop is seen before the message is sent, so the message waits for it too.
    Recorder laptopFirst = new Recorder();
    WsmClient laptop = connect(server, "bob", "laptop", laptopFirst);
    laptop.close();
    send(alice, "bob", "hello");

    Recorder phone = new Recorder();
    WsmClient phoneClient = connect(server, "bob", "phone", phone);
    DirectMessage hello = phone.directs.await(1, WAIT).get(0);
    assertThat(hello.seq()).isPositive();
    assertThat(WsmClientIT.get(phoneClient.ackUpTo(hello.seq()))).isEqualTo(1);
    phoneClient.close();

    Recorder laptopAgain = new Recorder();
    WsmClient laptop2 = connect(server, "bob", "laptop", laptopAgain);
    DirectMessage again = laptopAgain.directs.await(1, WAIT).get(0);
    assertThat(again.id()).as("redelivered to the laptop after the phone acked")
        .isEqualTo(hello.id());
    assertThat(again.seq()).isEqualTo(hello.seq());
    assertThat(WsmClientIT.get(laptop2.ack(again.id()))).isEqualTo(1);
    laptop2.close();

    for (String device : List.of("phone", "laptop", "tablet")) {
      Recorder third = new Recorder();
      connect(server, "bob", device, third).close();
      Thread.sleep(QUIET.toMillis());
      assertThat(third.directs.all()).as("nothing left for %s", device).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite"})
  void inUserModeAnAckOnOneDeviceClearsTheMessageForAll(String store) throws Exception {
    TestServer server = start(store, AckScope.USER);
    WsmClient alice = connect(server, "alice", null, new Recorder());
    connect(server, "bob", "laptop", new Recorder()).close();
    send(alice, "bob", "hello");

    Recorder phone = new Recorder();
    WsmClient phoneClient = connect(server, "bob", "phone", phone);
    DirectMessage hello = phone.directs.await(1, WAIT).get(0);
    assertThat(WsmClientIT.get(phoneClient.ack(hello.id()))).isEqualTo(1);

    Recorder laptop = new Recorder();
    connect(server, "bob", "laptop", laptop);
    Thread.sleep(QUIET.toMillis());
    assertThat(laptop.directs.all()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite"})
  void ackUpToClearsExactlyTheMessagesUpToTheNumber(String store) throws Exception {
    TestServer server = start(store, AckScope.USER);
    WsmClient alice = connect(server, "alice", null, new Recorder());
    for (String text : List.of("one", "two", "three")) {
      send(alice, "bob", text);
    }

    Recorder first = new Recorder();
    WsmClient bob = connect(server, "bob", null, first);
    List<DirectMessage> all = first.directs.await(3, WAIT);
    assertThat(texts(all)).containsExactly("one", "two", "three");
    assertThat(all.get(1).seq()).isGreaterThan(all.get(0).seq());
    assertThat(all.get(2).seq()).isGreaterThan(all.get(1).seq());
    assertThat(WsmClientIT.get(bob.ackUpTo(all.get(1).seq()))).isEqualTo(2);
    bob.close();

    Recorder second = new Recorder();
    connect(server, "bob", null, second);
    assertThat(texts(second.directs.await(1, WAIT))).containsExactly("three");
    Thread.sleep(QUIET.toMillis());
    assertThat(texts(second.directs.all())).containsExactly("three");
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "sqlite"})
  void inDeviceModeAnIdAckMovesTheDeviceOverTheLeadingRunOnly(String store) throws Exception {
    TestServer server = start(store, AckScope.DEVICE);
    WsmClient alice = connect(server, "alice", null, new Recorder());
    connect(server, "bob", "laptop", new Recorder()).close();
    for (String text : List.of("one", "two", "three")) {
      send(alice, "bob", text);
    }
    Recorder phone = new Recorder();
    WsmClient phoneClient = connect(server, "bob", "phone", phone);
    List<DirectMessage> all = phone.directs.await(3, WAIT);

    assertThat(WsmClientIT.get(phoneClient.ack(all.get(0).id(), all.get(2).id())))
        .as("'three' is after a gap").isEqualTo(1);
    phoneClient.close();

    Recorder again = new Recorder();
    connect(server, "bob", "phone", again);
    assertThat(texts(again.directs.await(2, WAIT))).containsExactly("two", "three");
  }

  @Test
  void autoAckAcknowledgesEachMessageAfterTheHandlerRan() throws Exception {
    TestServer server = start("memory", AckScope.USER);
    WsmClient alice = connect(server, "alice", null, new Recorder());
    send(alice, "bob", "one");
    send(alice, "bob", "two");

    Recorder first = new Recorder();
    WsmClient bob = connect(server, "bob", null, first, b -> b.autoAck(true));
    assertThat(texts(first.directs.await(2, WAIT))).containsExactly("one", "two");
    long deadline = System.nanoTime() + WAIT.toNanos();
    InboxStore inbox = server.get(InboxStore.class);
    List<StoredMessage> left;
    do {
      Thread.sleep(20);
      left = inbox.pending(UserId.of("bob"), 10).toCompletableFuture().get();
    } while (!left.isEmpty() && System.nanoTime() < deadline);
    assertThat(left).as("acked without a call of ack").isEmpty();
    bob.close();

    Recorder second = new Recorder();
    connect(server, "bob", null, second);
    Thread.sleep(QUIET.toMillis());
    assertThat(second.directs.all()).isEmpty();
  }

  @Test
  void anAckWithBothIdsAndUpToOrNeitherIsAnInvalidMessage() {
    TestServer server = start("memory", AckScope.USER);
    try (TestClient raw = server.connect("bob")) {
      JsonNode both = raw.request("type", "ack", "ids", List.of("m1"), "upTo", 3);
      JsonNode neither = raw.request("type", "ack");
      JsonNode zero = raw.request("type", "ack", "upTo", 0);

      for (JsonNode reply : List.of(both, neither, zero)) {
        assertThat(reply.path("ok").asBoolean()).isFalse();
        assertThat(reply.path("error").path("code").asText()).isEqualTo("invalid_message");
      }
      assertThat(raw.request("type", "ack", "upTo", 5).path("acked").asInt()).isZero();
    }
  }

  @Test
  void anInvalidDeviceIdIsRefusedAtTheHandshake() {
    TestServer server = start("memory", AckScope.DEVICE);

    assertThatThrownBy(() -> TestClient.connect(server.withQuery("user=bob&device=a%20b")))
        .isInstanceOf(TestClient.HandshakeRefused.class)
        .satisfies(e -> assertThat(((TestClient.HandshakeRefused) e).status()).isEqualTo(400));
    assertThatThrownBy(() -> WsmClient.builder(java.net.URI.create(server.hub().url()))
        .device("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
  }
}
