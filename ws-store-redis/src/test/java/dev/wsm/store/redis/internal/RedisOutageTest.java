package dev.wsm.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.spi.RoomRecord;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisStoreException;
import dev.wsm.store.redis.RedisStoreException.Reason;
import dev.wsm.store.redis.RedisTestServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A Redis of the test's own that goes away and comes back. */
class RedisOutageTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final RoomId LOBBY = RoomId.of("lobby");

  private final RedisTestServer server = RedisTestServer.ownProcess();
  private final RedisOptions options = server.options()
      .withTimeouts(Duration.ofSeconds(1), TIMEOUT).withRequestQueueSize(8);
  private final RedisConnector connector = new RedisConnector(options);

  @AfterEach
  void stop() {
    connector.stop(Duration.ofSeconds(1));
    server.close();
  }

  @Test
  void whileRedisIsDownOperationsFailWithinTheCommandTimeoutAndAfterItIsBackTheyWorkAgain()
      throws Exception {
    connector.start();
    RedisRoomStore rooms = new RedisRoomStore(connector, options, new NodeLease(connector, options));
    RedisMessageStore messages = new RedisMessageStore(connector, options, Clock.systemUTC());
    await(rooms.create(new RoomRecord(LOBBY, "", null, 0, null, Instant.now(), null, false)));
    await(messages.append(message("before")));
    StreamPosition before = await(messages.position(LOBBY));

    server.stopProcess();

    long start = System.nanoTime();
    Throwable failure = failureOf(rooms.find(LOBBY));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("failed within the command timeout, with a margin; never hangs")
        .isLessThan(TIMEOUT.plusSeconds(2));
    assertThat(failure).isInstanceOfSatisfying(RedisStoreException.class,
        e -> assertThat(e.reason()).isIn(Reason.TIMEOUT, Reason.CANNOT_CONNECT));
    assertThat(failure.getMessage()).contains("127.0.0.1");

    server.startProcess();

    assertThat(eventually(() -> rooms.list(), Duration.ofSeconds(20)))
        .as("Redis came back empty (no persistence)").isEmpty();
    StreamPosition after = await(messages.position(LOBBY));
    assertThat(after.epoch()).as("the lost stream has a new epoch").isNotEqualTo(before.epoch());
    assertThat(after.lastOffset()).isZero();
    assertThat(await(messages.append(message("again"))).offset()).isEqualTo(1);
  }

  @Test
  void whileRedisIsDownCommandsBeyondTheRequestQueueFailAtOnceAsOverloaded() throws Exception {
    connector.start();
    RedisRoomStore rooms = new RedisRoomStore(connector, options, new NodeLease(connector, options));
    server.stopProcess();
    awaitDisconnected();

    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      calls.add(rooms.find(RoomId.of("r" + i)).toCompletableFuture());
    }
    List<Reason> reasons = new ArrayList<>();
    for (CompletableFuture<?> call : calls) {
      Throwable failure = failureOf(call);
      assertThat(failure).isInstanceOf(RedisStoreException.class);
      reasons.add(((RedisStoreException) failure).reason());
    }

    assertThat(reasons).contains(Reason.OVERLOADED);
    assertThat(reasons).filteredOn(r -> r != Reason.OVERLOADED).hasSizeLessThanOrEqualTo(8);
  }

  private void awaitDisconnected() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (connector.connection().isOpen() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(connector.connection().isOpen()).as("Lettuce saw the server go").isFalse();
  }

  private static StoredMessage message(String id) {
    return new StoredMessage(MessageId.of(id), LOBBY, null, null, null, "{}".getBytes(), false,
        null, Instant.now(), null, 0);
  }

  private static Throwable failureOf(CompletionStage<?> stage) throws InterruptedException {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("the operation succeeded while Redis was down");
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the operation hung past 10 s", e);
    }
  }

  private interface Call<T> {
    CompletionStage<T> run();
  }

  private static <T> T eventually(Call<T> call, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        return call.run().toCompletableFuture().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Redis did not come back within " + within, e);
        }
        Thread.sleep(100);
      }
    }
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
  }
}
