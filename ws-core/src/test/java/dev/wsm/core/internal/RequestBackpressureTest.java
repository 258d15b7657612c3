package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.BackpressureOptions;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.HubOptions;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestBackpressureTest {

  private static LiveConnection connection(String user) {
    return new LiveConnection(ConnectionId.random(), Principal.of(UserId.of(user)),
        new InMemoryConnectionPoolTest.RecordingSession(), Clock.systemUTC());
  }

  private static boolean suspended(LiveConnection c) {
    return ((InMemoryConnectionPoolTest.RecordingSession) c.session()).readsSuspended;
  }

  private static List<CompletableFuture<Void>> track(RequestBackpressure b, LiveConnection c,
      int n) {
    List<CompletableFuture<Void>> stages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      CompletableFuture<Void> stage = new CompletableFuture<>();
      b.track(c, stage);
      stages.add(stage);
    }
    return stages;
  }

  @Test
  void aConnectionIsSuspendedAtItsLimitAndResumedAtHalfOfIt() {
    RequestBackpressure b = new RequestBackpressure(new BackpressureOptions(4, 100));
    LiveConnection alice = connection("alice");

    List<CompletableFuture<Void>> first = track(b, alice, 3);
    assertThat(suspended(alice)).as("3 of 4 waiting").isFalse();
    List<CompletableFuture<Void>> fourth = track(b, alice, 1);
    assertThat(suspended(alice)).as("4 of 4 waiting").isTrue();
    assertThat(alice.readsSuspended()).isTrue();

    first.get(0).complete(null);
    assertThat(suspended(alice)).as("3 waiting: above half the limit").isTrue();
    first.get(1).completeExceptionally(new IllegalStateException("a failure completes it too"));
    assertThat(suspended(alice)).as("2 waiting: half the limit").isFalse();
    assertThat(alice.readsSuspended()).isFalse();

    first.get(2).complete(null);
    fourth.get(0).complete(null);
    assertThat(alice.pendingRequests()).isZero();
    assertThat(b.pending()).isZero();
  }

  @Test
  void stagesCompleteWhenHandedOverCostNothing() {
    RequestBackpressure b = new RequestBackpressure(new BackpressureOptions(1, 1));
    LiveConnection alice = connection("alice");

    for (int i = 0; i < 1000; i++) {
      b.track(alice, CompletableFuture.completedFuture(i));
      b.track(alice, CompletableFuture.failedFuture(new IllegalStateException("refused")));
    }

    assertThat(b.pending()).isZero();
    assertThat(alice.pendingRequests()).isZero();
    assertThat(suspended(alice)).isFalse();
  }

  @Test
  void theNodeLimitSuspendsEveryConnectionThatSendsMoreUntilHalfHaveCompleted() {
    RequestBackpressure b = new RequestBackpressure(new BackpressureOptions(4, 6));
    LiveConnection alice = connection("alice");
    LiveConnection bob = connection("bob");
    LiveConnection carol = connection("carol");

    List<CompletableFuture<Void>> alices = track(b, alice, 3);
    List<CompletableFuture<Void>> bobs = track(b, bob, 3);
    assertThat(b.saturated()).as("6 of 6 waiting").isTrue();
    assertThat(suspended(bob)).as("bob's request reached the node's limit").isTrue();
    assertThat(suspended(alice)).as("alice sent nothing since").isFalse();

    alices.addAll(track(b, alice, 1));
    assertThat(suspended(alice)).as("alice sent more while the node is saturated").isTrue();
    assertThat(suspended(carol)).as("carol sent nothing").isFalse();

    bobs.forEach(s -> s.complete(null));
    assertThat(b.pending()).isEqualTo(4);
    assertThat(suspended(bob)).as("nothing of bob's waits, but the node is still saturated")
        .isTrue();

    alices.get(0).complete(null);
    assertThat(b.saturated()).as("3 of 6 waiting").isFalse();
    assertThat(suspended(bob)).as("resumed when the saturation ended").isFalse();
    assertThat(suspended(alice)).as("3 of alice's 4 still wait").isTrue();

    alices.get(1).complete(null);
    assertThat(suspended(alice)).isFalse();
  }

  @Test
  void aConnectionThatDrainsWhileTheNodeIsSaturatedIsResumedWhenTheSaturationEnds() {
    RequestBackpressure b = new RequestBackpressure(new BackpressureOptions(2, 6));
    LiveConnection alice = connection("alice");
    LiveConnection bob = connection("bob");
    LiveConnection carol = connection("carol");

    List<CompletableFuture<Void>> alices = track(b, alice, 2);
    List<CompletableFuture<Void>> carols = track(b, carol, 2);
    List<CompletableFuture<Void>> bobs = track(b, bob, 2);
    assertThat(b.saturated()).isTrue();
    alices.forEach(s -> s.complete(null));
    assertThat(alice.pendingRequests()).isZero();
    assertThat(suspended(alice)).as("4 of 6 still waiting: saturated").isTrue();

    bobs.get(0).complete(null);
    assertThat(b.saturated()).as("3 of 6 waiting").isFalse();
    assertThat(suspended(alice)).isFalse();
    assertThat(suspended(bob)).as("bob is at half his limit").isFalse();
    assertThat(suspended(carol)).as("carol is still at her limit").isTrue();

    carols.get(0).complete(null);
    assertThat(suspended(carol)).isFalse();
    bobs.get(1).complete(null);
    carols.get(1).complete(null);
    assertThat(b.pending()).isZero();
  }

  @Test
  void concurrentRequestsAndCompletionsLeaveNoConnectionSuspendedOnceAllHaveCompleted()
      throws Exception {
    RequestBackpressure b = new RequestBackpressure(new BackpressureOptions(4, 16));
    int connections = 8;
    int perConnection = 10_000;
    ConcurrentLinkedQueue<CompletableFuture<Void>> open = new ConcurrentLinkedQueue<>();
    List<LiveConnection> all = new ArrayList<>();
    CountDownLatch sent = new CountDownLatch(connections);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      LiveConnection c = connection("u" + i);
      all.add(c);
      threads.add(new Thread(() -> {
        for (int k = 0; k < perConnection; k++) {
          CompletableFuture<Void> stage = new CompletableFuture<>();
          b.track(c, stage);
          open.add(stage);
          while (suspended(c)) { // a suspended transport delivers nothing more
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
          }
        }
        sent.countDown();
      }));
    }
    for (int i = 0; i < 3; i++) {
      threads.add(new Thread(() -> {
        while (sent.getCount() > 0 || !open.isEmpty()) {
          CompletableFuture<Void> stage = open.poll();
          if (stage == null) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
          } else if (ThreadLocalRandom.current().nextInt(10) == 0) {
            stage.completeExceptionally(new IllegalStateException("refused"));
          } else {
            stage.complete(null);
          }
        }
      }));
    }
    threads.forEach(t -> {
      t.setDaemon(true); // a failed run leaves no thread behind
      t.start();
    });
    boolean done = sent.await(60, TimeUnit.SECONDS);
    StringBuilder state = new StringBuilder("node: " + b.pending() + " waiting, saturated "
        + b.saturated() + ", " + open.size() + " stages open");
    for (LiveConnection c : all) {
      state.append("; ").append(c.user()).append(": ").append(c.pendingRequests())
          .append(" waiting, suspended ").append(suspended(c));
    }
    if (!done) {
      for (Thread t : threads) {
        state.append("\nTHREAD ").append(t.getName()).append(" ").append(t.getState());
        for (StackTraceElement e : t.getStackTrace()) {
          state.append("\n   at ").append(e);
        }
      }
    }
    assertThat(done).as("no connection stayed suspended (%s)", state).isTrue();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
    }

    assertThat(b.pending()).isZero();
    assertThat(b.saturated()).isFalse();
    for (LiveConnection c : all) {
      assertThat(c.pendingRequests()).isZero();
      assertThat(suspended(c)).as(c.user() + " resumed").isFalse();
    }
  }

  @Test
  void theSweepResumesAConnectionWhoseWakeUpWasLost() {
    RequestBackpressure b = new RequestBackpressure(new BackpressureOptions(4, 100));
    LiveConnection alice = connection("alice");
    track(b, alice, 4);
    assertThat(suspended(alice)).isTrue();
    b.sweep();
    assertThat(suspended(alice)).as("4 waiting: the sweep keeps it").isTrue();

    alice.addPendingRequests(-4); // completions that never reached the back-pressure
    b.sweep();

    assertThat(suspended(alice)).as("nothing waiting: resumed by the sweep").isFalse();
    assertThat(alice.readsSuspended()).isFalse();
  }

  @Test
  void theHeartbeatNeverClosesASuspendedConnectionAndCountsItsSilenceFromTheResume()
      throws Exception {
    RequestBackpressure b = new RequestBackpressure(new BackpressureOptions(1, 100));
    HubOptions options = HubOptions.DEFAULTS.withHeartbeat(Duration.ofMillis(10),
        Duration.ofMillis(50));
    InMemoryConnectionPool pool = new InMemoryConnectionPool(options);
    HeartbeatMonitor heartbeats = new HeartbeatMonitor(pool, new InMemoryConnectionStore(),
        Clock.systemUTC(), options);
    LiveConnection alice = connection("alice");
    pool.add(alice);
    var session = (InMemoryConnectionPoolTest.RecordingSession) alice.session();

    CompletableFuture<Void> stage = track(b, alice, 1).get(0);
    Thread.sleep(100);
    heartbeats.tick();
    assertThat(session.open).as("suspended, not silent").isTrue();

    stage.complete(null);
    assertThat(session.readsSuspended).isFalse();
    heartbeats.tick();
    assertThat(session.open).as("its silence counts from the resume").isTrue();

    Thread.sleep(100);
    heartbeats.tick();
    assertThat(session.open).as("silent since the resume").isFalse();
  }
}
