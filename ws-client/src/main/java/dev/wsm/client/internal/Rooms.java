package dev.wsm.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.client.JoinResult;
import dev.wsm.client.PublishResult;
import dev.wsm.client.SendOptions;
import dev.wsm.client.StreamPosition;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The client's requests that change which rooms it is in or where it is in their streams ({@code
 * join}, {@code leave}, {@code publish}), keeping its {@link RoomStreams} right in reply order,
 * and the position reached in each room.
 *
 * <p>Threads: any thread may call any method; none blocks. The streams are updated with the
 * client's lock held, when the reply arrives.
 */
public final class Rooms {
  private final Object lock;
  private final ConnectionLoop loop;
  private final RoomStreams streams;

  Rooms(Object lock, ConnectionLoop loop, RoomStreams streams) {
    this.lock = lock;
    this.loop = loop;
    this.streams = streams;
  }

  /** Joins a room and, on success, tracks its stream (with the password, to rejoin it). */
  public CompletableFuture<JoinResult> join(String room, String password) {
    return loop.call(RequestFrames.join(room, password), Frames::join,
        reply -> streams.joined(room, password, Frames.stream(reply)));
  }

  /** Leaves a room and forgets its stream. */
  public CompletableFuture<Boolean> leave(String room) {
    return loop.call(RequestFrames.leave(room), reply -> reply.path("left").asBoolean(),
        reply -> streams.forget(room));
  }

  /** Publishes to a room; the message's offset counts as seen. */
  public CompletableFuture<PublishResult> publish(String room, JsonNode data, SendOptions send) {
    // The client's own message never comes back to it: its offset is not a hole to wait for.
    return loop.call(RequestFrames.publish(room, data, send), Frames::publish, reply -> {
      long offset = reply.path("offset").asLong();
      if (offset > 0 && streams.get(room) != null) {
        streams.seen(room, offset);
      }
    });
  }

  /** The epoch and the highest offset handed to the message handler; empty for an unknown room. */
  public Optional<StreamPosition> position(String room) {
    synchronized (lock) {
      RoomStreams.Stream s = streams.get(room);
      return s == null ? Optional.empty() : Optional.of(s.position());
    }
  }
}
