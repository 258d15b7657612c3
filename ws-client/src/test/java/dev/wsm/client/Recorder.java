package dev.wsm.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Collects what a client's handlers received, with bounded waits. Thread-safe. */
final class Recorder {
  final Events<RoomMessage> messages = new Events<>();
  final Events<DirectMessage> directs = new Events<>();
  final Events<MemberEvent> joined = new Events<>();
  final Events<MemberEvent> left = new Events<>();
  final Events<Presence> presence = new Events<>();
  final Events<Typing> typing = new Events<>();
  final Events<RoomClosed> roomClosed = new Events<>();
  final Events<Recovered> recovered = new Events<>();
  final Events<RecoveryFailed> recoveryFailed = new Events<>();
  final Events<StateChange> states = new Events<>();
  final Events<Throwable> errors = new Events<>();
  /** The names of the threads handlers ran on. */
  final Events<String> threads = new Events<>();

  /** A builder with every handler recording here. */
  WsmClient.Builder attach(WsmClient.Builder builder) {
    return builder
        .onMessage(m -> record(messages, m))
        .onDirect(d -> record(directs, d))
        .onJoined(e -> record(joined, e))
        .onLeft(e -> record(left, e))
        .onPresence(p -> record(presence, p))
        .onTyping(t -> record(typing, t))
        .onRoomClosed(c -> record(roomClosed, c))
        .onRecovered(r -> record(recovered, r))
        .onRecoveryFailed(r -> record(recoveryFailed, r))
        .onStateChange(s -> record(states, s))
        .onError(e -> record(errors, e));
  }

  private <T> void record(Events<T> events, T value) {
    threads.add(Thread.currentThread().getName());
    events.add(value);
  }

  /** The states the client went through, in order. */
  List<ClientState> stateSequence() {
    return states.all().stream().map(StateChange::current).toList();
  }

  static final class Events<T> {
    private final List<T> items = new ArrayList<>();

    synchronized void add(T item) {
      items.add(item);
      notifyAll();
    }

    synchronized List<T> all() {
      return List.copyOf(items);
    }

    synchronized int size() {
      return items.size();
    }

    /** Waits until {@code count} items arrived; fails after the timeout with what did. */
    List<T> await(int count, Duration timeout) {
      return awaitMatching(list -> list.size() >= count, timeout, "at least " + count + " items");
    }

    /** Waits for an item matching; returns it. */
    T awaitFirst(Predicate<T> match, Duration timeout) {
      List<T> all = awaitMatching(list -> list.stream().anyMatch(match), timeout, "a match");
      return all.stream().filter(match).findFirst().orElseThrow();
    }

    synchronized List<T> awaitMatching(Predicate<List<T>> done, Duration timeout, String what) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(items)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
      List<T> all = List.copyOf(items);
      assertThat(done.test(all)).as("waited " + timeout + " for " + what + "; got "
          + (all.size() > 20 ? all.size() + " items, last " + all.get(all.size() - 1) : all))
          .isTrue();
      return all;
    }
  }
}
