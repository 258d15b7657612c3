package dev.wsm.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wsm.client.RequestTimeoutException;
import dev.wsm.client.WsmClientException;
import dev.wsm.client.WsmClientOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * The request/reply correlator: gives each request a {@code ref}, keeps it until its reply, its
 * timeout or the loss of its connection, and keeps the requests made while the client is not
 * connected in a bounded queue until {@link #flush}. Bounds: {@link
 * WsmClientOptions#maxPendingRequests()} in flight and as many not yet written to the socket,
 * {@link WsmClientOptions#maxQueuedRequests()} waiting; a request's timeout runs while it waits.
 *
 * <p>Threads: every method is called with the client's lock held; timeouts fire on the timer
 * thread and take the lock. Outcomes are called with the lock held.
 */
final class Requests {
  private final Object lock;
  private final WsmClientOptions options;
  private final ClientThreads threads;
  // Guarded by lock:
  private long nextRef;
  private final Map<String, Pending> inFlight = new LinkedHashMap<>();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();

  /** A request with its ref, waiting to be sent or for its reply. */
  private static final class Pending {
    final String ref;
    final String type;
    final ObjectNode frame;
    final Outcome outcome;
    ScheduledFuture<?> timeout;

    Pending(String ref, String type, ObjectNode frame, Outcome outcome) {
      this.ref = ref;
      this.type = type;
      this.frame = frame;
      this.outcome = outcome;
    }
  }

  Requests(Object lock, WsmClientOptions options, ClientThreads threads) {
    this.lock = lock;
    this.options = options;
    this.threads = threads;
  }

  /** Sends a request on the connected link, or queues it when {@code connected} is null. */
  void submit(Link connected, ObjectNode frame, Outcome outcome) {
    Pending p = new Pending(String.valueOf(++nextRef), frame.path("type").asText(), frame,
        outcome);
    if (connected != null) {
      if (!send(connected, p)) {
        return;
      }
    } else if (waiting.size() >= options.maxQueuedRequests()) {
      outcome.failed(new WsmClientException(WsmClientException.OVERLOADED,
          "not connected and " + waiting.size() + " requests already wait for the connection"));
      return;
    } else {
      waiting.add(p);
    }
    p.timeout = threads.schedule(() -> timedOut(p), options.requestTimeout());
  }

  /** Sends a request of the client's own (resume, rejoin) on the link being resumed. */
  void sendOwn(Link on, ObjectNode frame, Outcome outcome) {
    Pending p = new Pending(String.valueOf(++nextRef), frame.path("type").asText(), frame, outcome);
    if (send(on, p)) {
      p.timeout = threads.schedule(() -> timedOut(p), options.requestTimeout());
    }
  }

  /** Sends a request on a link; false when it failed at once. */
  private boolean send(Link on, Pending p) {
    if (inFlight.size() >= options.maxPendingRequests()) {
      p.outcome.failed(new WsmClientException(WsmClientException.OVERLOADED,
          inFlight.size() + " requests already wait for their reply"));
      return false;
    }
    if (on.unwritten() >= options.maxPendingRequests()) {
      // Requests that timed out left inFlight, but their frames may still wait for the socket.
      p.outcome.failed(new WsmClientException(WsmClientException.OVERLOADED,
          on.unwritten() + " requests are not written to the connection yet: the server reads"
              + " slower than this client sends"));
      return false;
    }
    p.frame.put("ref", p.ref);
    String text;
    try {
      text = Frames.JSON.writeValueAsString(p.frame);
    } catch (JsonProcessingException e) {
      p.outcome.failed(new WsmClientException(WsmClientException.PROTOCOL,
          "cannot write '" + p.type + "' as JSON", e));
      return false;
    }
    inFlight.put(p.ref, p);
    on.send(text);
    return true;
  }

  private void timedOut(Pending p) {
    synchronized (lock) {
      if (inFlight.remove(p.ref, p) || waiting.remove(p)) {
        p.outcome.failed(new RequestTimeoutException(p.type, options.requestTimeout()));
      }
    }
  }

  /** A {@code reply} frame arrived: completes its request, if it is still waiting. */
  void replied(JsonNode frame) {
    Pending p = inFlight.remove(frame.path("ref").asText());
    if (p == null) {
      return; // timed out already, or not ours
    }
    ClientThreads.cancel(p.timeout);
    if (frame.path("ok").asBoolean()) {
      p.outcome.ok(frame);
    } else {
      p.outcome.failed(Frames.error(frame));
    }
  }

  /** Fails every request in flight: its connection is gone. */
  void failInFlight(WsmClientException error) {
    List<Pending> failed = new ArrayList<>(inFlight.values());
    inFlight.clear();
    for (Pending p : failed) {
      ClientThreads.cancel(p.timeout);
      p.outcome.failed(error);
    }
  }

  /** Fails every request waiting for a connection: the client is closed. */
  void failWaiting(WsmClientException error) {
    Pending p;
    while ((p = waiting.poll()) != null) {
      ClientThreads.cancel(p.timeout);
      p.outcome.failed(error);
    }
  }

  /**
   * Sends the requests that waited for the connection, in order, while {@code connected} gives a
   * link (a failed send may lose the connection on the way).
   */
  void flush(Supplier<Link> connected) {
    Link on;
    Pending p;
    while ((on = connected.get()) != null && (p = waiting.poll()) != null) {
      if (!send(on, p)) {
        ClientThreads.cancel(p.timeout);
      }
    }
  }
}
