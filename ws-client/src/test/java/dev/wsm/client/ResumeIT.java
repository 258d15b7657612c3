package dev.wsm.client;

import dev.wsm.testkit.TcpProxy;
import static dev.wsm.client.WsmClientIT.WAIT;
import static dev.wsm.client.WsmClientIT.failure;
import static dev.wsm.client.WsmClientIT.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.HubOptions;
import dev.wsm.core.ResumeOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.RoomOptions;
import dev.wsm.core.internal.InMemoryStoreOptions;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconnect and resume against real hubs: the subscribing client goes through a {@link TcpProxy}
 * so the test can cut its connection, keep it out for a while, or move it to a restarted server.
 */
class ResumeIT {
  private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(100), 0);

  @TempDir
  Path dir;

  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  private TestServer start(Module... others) {
    TestServer server = TestServer.start(HubOptions.DEFAULTS.withPasswordIterations(1000),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), others);
    closeAfter.add(server);
    return server;
  }

  private TcpProxy proxy(TestServer server) throws Exception {
    TcpProxy proxy = new TcpProxy(server.hub().address().getPort());
    closeAfter.add(proxy);
    return proxy;
  }

  private WsmClient connect(URI uri, String user, Recorder recorder,
      UnaryOperator<WsmClient.Builder> customize) {
    WsmClient client = customize.apply(recorder.attach(WsmClient.builder(uri).user(user)
        .backoff(FAST))).build();
    closeAfter.add(client);
    get(client.connect());
    return client;
  }

  private WsmClient connect(URI uri, String user, Recorder recorder) {
    return connect(uri, user, recorder, b -> b);
  }

  private static URI direct(TestServer server) {
    return URI.create(server.hub().url());
  }

  private static List<Long> offsets(Recorder recorder, String room) {
    return recorder.messages.all().stream().filter(m -> m.room().equals(room))
        .map(RoomMessage::offset).toList();
  }

  private static List<Long> oneTo(int n) {
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      expected.add(i);
    }
    return expected;
  }

  @Test
  void anAbruptDropMidStreamLosesNothingAndRepeatsNothing() throws Exception {
    // History long enough for the gap whatever the machine's speed (the default keeps 1,000).
    Module longHistory = binder -> OptionalBinder.newOptionalBinder(binder,
        InMemoryStoreOptions.class).setBinding()
        .toInstance(new InMemoryStoreOptions(10_000, 1000, Duration.ofHours(24)));
    TestServer server = start(longHistory);
    server.hub().rooms().create(RoomId.of("vault"), RoomOptions.DEFAULTS.withPassword("s3cret"))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    TcpProxy proxy = proxy(server);
    Recorder a = new Recorder();
    WsmClient alice = connect(proxy.uri(), "alice", a);
    WsmClient bob = connect(direct(server), "bob", new Recorder());
    assertThat(get(alice.join("feed")).stream().offset()).isZero();
    get(alice.join("vault", "s3cret"));
    get(bob.join("feed"));
    get(bob.join("vault", "s3cret"));

    int total = 2000;
    AtomicInteger published = new AtomicInteger();
    ExecutorService publisher = Executors.newSingleThreadExecutor();
    try {
      Future<?> done = publisher.submit(() -> {
        for (int i = 0; i < total; i += 50) {
          List<CompletableFuture<PublishResult>> window = new ArrayList<>();
          for (int j = 1; j <= 50; j++) {
            window.add(bob.publish("feed", IntNode.valueOf(i + j)));
          }
          CompletableFuture.allOf(window.toArray(CompletableFuture[]::new))
              .get(10, TimeUnit.SECONDS);
          published.addAndGet(50);
        }
        return null;
      });

      a.messages.await(500, WAIT);
      proxy.refuse(true); // keep alice out until she has missed something for sure
      proxy.dropAll();
      int atDrop = published.get();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (published.get() < Math.min(total, atDrop + 200) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      for (int i = 1; i <= 5; i++) {
        get(bob.publish("vault", "secret " + i));
      }
      assertThat(alice.state()).isEqualTo(ClientState.RECONNECTING);
      proxy.refuse(false);
      done.get(20, TimeUnit.SECONDS);
    } finally {
      publisher.shutdownNow();
    }

    a.messages.awaitMatching(all -> offsets(a, "feed").size() >= total
        && offsets(a, "vault").size() >= 5, Duration.ofSeconds(20), "every message");
    Thread.sleep(200); // anything repeated would arrive by now
    assertThat(offsets(a, "feed")).as("each offset once, in order").isEqualTo(oneTo(total));
    assertThat(offsets(a, "vault")).isEqualTo(oneTo(5));
    assertThat(a.messages.all().stream().filter(m -> m.room().equals("feed"))
        .map(m -> m.data().asInt()).distinct().count()).isEqualTo(total);

    assertThat(a.recoveryFailed.all()).isEmpty();
    List<Recovered> recovered = a.recovered.await(2, WAIT);
    assertThat(recovered).extracting(Recovered::room).containsExactly("feed", "vault");
    assertThat(recovered.get(0).missed()).isGreaterThanOrEqualTo(1);
    assertThat(recovered.get(1).missed()).isEqualTo(5);
    assertThat(a.stateSequence()).containsSubsequence(ClientState.CONNECTED,
        ClientState.RECONNECTING, ClientState.CONNECTED);
    assertThat(alice.position("feed")).hasValueSatisfying(p -> assertThat(p.offset())
        .isEqualTo(total));
    assertThat(a.errors.all()).isEmpty();
  }

  @Test
  void afterARestartOnTheInMemoryStoreTheRoomIsReportedNotRecoveredWithItsNewEpoch()
      throws Exception {
    TestServer first = start();
    TcpProxy proxy = proxy(first);
    Recorder a = new Recorder();
    WsmClient alice = connect(proxy.uri(), "alice", a);
    String oldEpoch = get(alice.join("news")).stream().epoch();
    try (WsmClient bob = connect(direct(first), "bob", new Recorder())) {
      get(bob.join("news"));
      for (int i = 1; i <= 3; i++) {
        get(bob.publish("news", "old " + i));
      }
    }
    a.messages.await(3, WAIT);
    assertThat(alice.position("news")).contains(new StreamPosition(oldEpoch, 3));

    proxy.refuse(true);
    first.close(); // 1001: alice reconnects, through the proxy, to whatever is behind it
    a.states.awaitFirst(s -> s.current() == ClientState.RECONNECTING && s.closeCode() == 1001,
        WAIT);
    TestServer second = start(); // same JVM: same default session key, so the session is valid
    proxy.retarget(second.hub().address().getPort());
    proxy.refuse(false);

    RecoveryFailed failed = a.recoveryFailed.await(1, WAIT).get(0);
    assertThat(failed.room()).isEqualTo("news");
    assertThat(failed.reason()).isEqualTo("epoch_changed");
    assertThat(failed.epoch()).isNotNull().isNotEqualTo(oldEpoch);
    assertThat(failed.offset()).isZero();
    assertThat(failed.previousEpoch()).isEqualTo(oldEpoch);
    assertThat(failed.previousOffset()).isEqualTo(3);
    a.states.awaitMatching(s -> s.get(s.size() - 1).current() == ClientState.CONNECTED, WAIT,
        "connected again");

    // The new stream starts at offset 1 again: not mistaken for a duplicate of the old one.
    WsmClient carol = connect(direct(second), "carol", new Recorder());
    get(carol.join("news"));
    get(carol.publish("news", "new 1"));
    RoomMessage fresh = a.messages.await(4, WAIT).get(3);
    assertThat(fresh.offset()).isEqualTo(1);
    assertThat(fresh.data().asText()).isEqualTo("new 1");
    assertThat(a.recovered.all()).isEmpty();
  }

  @Test
  void aRestartOnSqliteRecoversEveryMessageMissedAcrossIt() throws Exception {
    SqliteOptions store = SqliteOptions.at(dir.resolve("wsm.db"));
    TestServer first = start(new SqliteStoreModule(store));
    TcpProxy proxy = proxy(first);
    Recorder a = new Recorder();
    WsmClient alice = connect(proxy.uri(), "alice", a);
    get(alice.join("log"));
    try (WsmClient bob = connect(direct(first), "bob", new Recorder())) {
      get(bob.join("log"));
      get(bob.publish("log", "before 1"));
      get(bob.publish("log", "before 2"));
    }
    a.messages.await(2, WAIT);

    proxy.refuse(true);
    first.close();
    closeAfter.remove(first);
    TestServer second = start(new SqliteStoreModule(store));
    try (WsmClient bob = connect(direct(second), "bob", new Recorder())) {
      get(bob.join("log"));
      get(bob.publish("log", "while away 1"));
      get(bob.publish("log", "while away 2"));
      proxy.retarget(second.hub().address().getPort());
      proxy.refuse(false);

      Recovered recovered = a.recovered.await(1, WAIT).get(0);
      assertThat(recovered.room()).isEqualTo("log");
      assertThat(recovered.missed()).isEqualTo(2);
      assertThat(recovered.offset()).isEqualTo(4);
      assertThat(a.messages.await(4, WAIT)).extracting(m -> m.data().asText())
          .containsExactly("before 1", "before 2", "while away 1", "while away 2");
      a.states.awaitMatching(s -> s.get(s.size() - 1).current() == ClientState.CONNECTED, WAIT,
          "connected again");
      get(bob.publish("log", "live"));
      assertThat(a.messages.await(5, WAIT).get(4).offset()).isEqualTo(5);
    }
  }

  @Test
  void aRefusedSessionFallsBackToJoiningTheRoomsAgain() throws Exception {
    TestServer first = start();
    TcpProxy proxy = proxy(first);
    Recorder a = new Recorder();
    WsmClient alice = connect(proxy.uri(), "alice", a);
    get(alice.join("lobby"));
    proxy.refuse(true);
    first.close();

    Module otherKey = binder -> OptionalBinder.newOptionalBinder(binder, ResumeOptions.class)
        .setBinding().toInstance(ResumeOptions.DEFAULTS.withSecret(ResumeOptions.randomSecret()));
    TestServer second = start(otherKey);
    proxy.retarget(second.hub().address().getPort());
    proxy.refuse(false);

    RecoveryFailed failed = a.recoveryFailed.await(1, WAIT).get(0);
    assertThat(failed.room()).isEqualTo("lobby");
    assertThat(failed.reason()).isEqualTo("invalid_session");
    assertThat(failed.epoch()).isNotNull();
    a.states.awaitMatching(s -> s.get(s.size() - 1).current() == ClientState.CONNECTED, WAIT,
        "connected again");
    assertThat(get(alice.publish("lobby", "still a member")).offset()).isEqualTo(1);
  }

  @Test
  void withoutAutoResumeAReconnectedClientIsInNoRoom() throws Exception {
    TestServer server = start();
    TcpProxy proxy = proxy(server);
    Recorder a = new Recorder();
    WsmClient alice = connect(proxy.uri(), "alice", a, b -> b.autoResume(false));
    get(alice.join("lobby"));
    proxy.dropAll();
    a.states.await(4, WAIT);
    assertThat(a.stateSequence()).containsExactly(ClientState.CONNECTING, ClientState.CONNECTED,
        ClientState.RECONNECTING, ClientState.CONNECTED);
    assertThat(alice.position("lobby")).isEmpty();
    assertThat(failure(alice.publish("lobby", "x")).code()).isEqualTo("forbidden");
    assertThat(a.recovered.all()).isEmpty();
    assertThat(a.recoveryFailed.all()).isEmpty();
  }

  @Test
  void aFullEventQueueDropsTheConnectionAndResumeDeliversWhatDidNotFit() throws Exception {
    TestServer server = start();
    TcpProxy proxy = proxy(server);
    Recorder a = new Recorder();
    CompletableFuture<Void> release = new CompletableFuture<>();
    WsmClient alice = connect(proxy.uri(), "alice", a, b -> b
        .options(WsmClientOptions.DEFAULTS.withEventQueueCapacity(20).withBackoff(FAST))
        .onMessage(m -> {
          release.join(); // a handler stuck until the test lets it go
          a.messages.add(m);
        }));
    WsmClient bob = connect(direct(server), "bob", new Recorder());
    get(alice.join("burst"));
    get(bob.join("burst"));
    for (int i = 1; i <= 100; i++) {
      get(bob.publish("burst", IntNode.valueOf(i)));
    }
    // The event thread is stuck, so the error and state handlers cannot run yet: poll the state.
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (alice.state() != ClientState.RECONNECTING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(alice.state()).isEqualTo(ClientState.RECONNECTING);
    release.complete(null);

    Throwable overflow = a.errors.await(1, WAIT).get(0);
    assertThat(overflow).isInstanceOf(WsmClientException.class)
        .hasMessageStartingWith("event queue full (20 events)");
    a.messages.await(100, WAIT);
    Thread.sleep(200);
    assertThat(offsets(a, "burst")).isEqualTo(oneTo(100));
    assertThat(a.stateSequence()).contains(ClientState.RECONNECTING);
    assertThat(a.recovered.await(1, WAIT).get(0).room()).isEqualTo("burst");
    assertThat(alice.state()).isEqualTo(ClientState.CONNECTED);
  }
}
