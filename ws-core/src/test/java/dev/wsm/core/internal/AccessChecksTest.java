package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.Connection;
import dev.wsm.core.ConnectionId;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.HubOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.WsException;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.Authorizer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessChecksTest {
  private final Callbacks callbacks = new Callbacks(HubOptions.DEFAULTS);
  private final Connection alice = new FixedConnection(ConnectionId.random(), UserId.of("alice"));

  @AfterEach
  void stop() {
    callbacks.shutdown(Duration.ofSeconds(1));
  }

  private static Authorizer blocking(java.util.function.Predicate<Access> refuse) {
    return access -> refuse.test(access) ? Authorizer.Decision.deny("no") : Authorizer.Decision.allow();
  }

  @Test
  void operationsOfOneConnectionStartInTheOrderTheyWereChecked() throws Exception {
    AccessChecks checks = new AccessChecks(blocking(a -> false), callbacks);
    List<Integer> started = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      results.add(checks.then(new Access.Publish(alice, RoomId.of("r")), () -> {
        started.add(n);
        return CompletableFuture.completedFuture(n);
      }).toCompletableFuture());
    }
    CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(started).hasSize(200).isSorted();
  }

  @Test
  void aCheckInsideAnAllowedOperationCompletes() throws Exception {
    AccessChecks checks = new AccessChecks(blocking(a -> a instanceof Access.History), callbacks);
    for (int i = 0; i < 500; i++) {
      CompletionStage<Object> nested = checks.then(new Access.Join(alice, RoomId.of("r")),
          () -> checks.then(new Access.History(alice, RoomId.of("r")), () -> CompletableFuture.completedFuture(null)));
      Throwable failure = nested.toCompletableFuture().handle((v, e) -> Futures.unwrap(e)).get(10, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOfSatisfying(WsException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }
  }

  @Test
  void aThrowingAuthorizerIsAnInternalRefusal() throws Exception {
    AccessChecks checks = new AccessChecks(access -> {
      throw new IllegalStateException("bug");
    }, callbacks);
    Throwable failure = checks.then(new Access.Join(alice, RoomId.of("r")), () -> CompletableFuture.completedFuture(1))
        .toCompletableFuture().handle((v, e) -> Futures.unwrap(e)).get(10, TimeUnit.SECONDS);
    assertThat(failure).isInstanceOfSatisfying(WsException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
  }

  @Test
  void aNonBlockingAuthorizerRunsInline() {
    Thread caller = Thread.currentThread();
    List<Thread> seen = new ArrayList<>();
    AccessChecks checks = new AccessChecks(new Authorizer() {
      @Override
      public Decision authorize(Access access) {
        seen.add(Thread.currentThread());
        return Decision.deny(ErrorCode.UNAUTHORIZED, "no");
      }

      @Override
      public boolean mayBlock() {
        return false;
      }
    }, callbacks);
    CompletableFuture<Integer> result = checks.then(new Access.Direct(alice, Optional.of(UserId.of("bob")),
        Optional.empty()), () -> CompletableFuture.completedFuture(1)).toCompletableFuture();
    assertThat(result).isCompletedExceptionally();
    assertThat(seen).containsExactly(caller);
  }

  /** The few things an Access needs of a connection. */
  private record FixedConnection(ConnectionId id, UserId user) implements Connection {
    @Override
    public Set<String> roles() {
      return Set.of();
    }

    @Override
    public Set<String> labels() {
      return Set.of();
    }

    @Override
    public Map<String, String> metadata() {
      return Map.of();
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return null;
    }

    @Override
    public Instant connectedAt() {
      return Instant.EPOCH;
    }

    @Override
    public Instant lastSeen() {
      return Instant.EPOCH;
    }

    @Override
    public Optional<Duration> latency() {
      return Optional.empty();
    }

    @Override
    public long messagesSent() {
      return 0;
    }

    @Override
    public long messagesReceived() {
      return 0;
    }

    @Override
    public Set<RoomId> rooms() {
      return Set.of();
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close(int code, String reason) {
    }
  }
}
