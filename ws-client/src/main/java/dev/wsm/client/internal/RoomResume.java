package dev.wsm.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wsm.client.Recovered;
import dev.wsm.client.RecoveryFailed;
import dev.wsm.client.RequestTimeoutException;
import dev.wsm.client.StreamPosition;
import dev.wsm.client.WsmClientException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts a reconnected client back in its rooms: sends {@code resume} with the previous session and
 * each joined room's position (at most 100 rooms per frame), or joins the rooms again when the
 * session is refused or unknown, and turns {@code recovered} frames and rejoin replies into
 * {@link Recovered} and {@link RecoveryFailed} events. Once every room is settled it tells the
 * loop the client is {@linkplain ConnectionLoop#reconnected() reconnected}.
 *
 * <p>Threads: every method is called with the client's lock held (from a WebSocket thread, or
 * the timer for a request timeout).
 */
final class RoomResume {
  /** The most rooms one {@code resume} may carry (docs/protocol.md). */
  private static final int RESUME_ROOMS = 100;

  private final ConnectionLoop loop;
  private final Requests requests;
  private final RoomStreams rooms;
  private final Handlers handlers;
  private final EventQueue events;

  RoomResume(ConnectionLoop loop, Requests requests, RoomStreams rooms, Handlers handlers,
      EventQueue events) {
    this.loop = loop;
    this.requests = requests;
    this.rooms = rooms;
    this.handlers = handlers;
    this.events = events;
  }

  /**
   * A new connection was welcomed after a reconnect: resumes the rooms joined through this client
   * (with {@code autoResume}), or forgets them all.
   */
  void rewelcomed(Link on, String previousSession, boolean autoResume) {
    rooms.forgetNotJoined();
    if (!autoResume) {
      rooms.clear();
      loop.reconnected();
      return;
    }
    List<RoomStreams.Stream> toResume = rooms.joinedRooms();
    if (toResume.isEmpty()) {
      loop.reconnected();
    } else if (previousSession == null) {
      rejoin(on, toResume, "invalid_session");
    } else {
      resume(on, previousSession, toResume, 0);
    }
  }

  /** Sends one {@code resume} for up to 100 rooms from {@code start}; the next on its reply. */
  private void resume(Link on, String session, List<RoomStreams.Stream> all, int start) {
    int end = Math.min(all.size(), start + RESUME_ROOMS);
    ObjectNode frame = RequestFrames.frame("resume").put("session", session);
    ArrayNode list = frame.putArray("rooms");
    for (RoomStreams.Stream s : all.subList(start, end)) {
      ObjectNode room = list.addObject().put("room", s.room).put("offset", s.highest);
      if (s.epoch != null) {
        room.put("epoch", s.epoch);
      }
      if (s.password != null) {
        room.put("password", s.password);
      }
    }
    requests.sendOwn(on, frame, new Outcome() {
      @Override
      public void ok(JsonNode reply) {
        if (end < all.size()) {
          resume(on, session, all, end);
        } else {
          loop.reconnected();
        }
      }

      @Override
      public void failed(WsmClientException error) {
        if (!stillCurrent(on, error)) {
          return;
        }
        // invalid_session (expired, or a server that lost its session key), or a server that does
        // not know resume: join the rooms again instead; each gets a RecoveryFailed.
        if (!error.code().equals("invalid_session")) {
          events.error(error);
        }
        rejoin(on, all.subList(start, all.size()), error.code());
      }
    });
  }

  /** Whether a failed internal request's link still matters; aborts it after a timeout. */
  private boolean stillCurrent(Link on, WsmClientException error) {
    if (!loop.isCurrent(on)) {
      return false;
    }
    if (error instanceof RequestTimeoutException) {
      loop.lost(on, 1006, error.getMessage());
      on.abort();
      return false;
    }
    return !error.code().equals(WsmClientException.DISCONNECTED)
        && !error.code().equals(WsmClientException.CLOSED);
  }

  /** Joins rooms again with {@code join} when resume was not possible. */
  private void rejoin(Link on, List<RoomStreams.Stream> toJoin, String reason) {
    AtomicInteger left = new AtomicInteger(toJoin.size());
    for (RoomStreams.Stream s : List.copyOf(toJoin)) {
      ObjectNode frame = RequestFrames.frame("join").put("room", s.room);
      if (s.password != null) {
        frame.put("password", s.password);
      }
      requests.sendOwn(on, frame, new Outcome() {
        @Override
        public void ok(JsonNode reply) {
          StreamPosition now = Frames.stream(reply);
          rooms.joined(s.room, s.password, now);
          if (now != null && now.epoch().equals(s.epoch) && now.offset() == s.highest) {
            loop.deliver(on, handlers.recovered(),
                new Recovered(s.room, 0, now.epoch(), now.offset()));
          } else {
            loop.deliver(on, handlers.recoveryFailed(), new RecoveryFailed(s.room, reason,
                now == null ? null : now.epoch(), now == null ? 0 : now.offset(), s.epoch,
                s.highest, null));
          }
          done();
        }

        @Override
        public void failed(WsmClientException error) {
          if (!stillCurrent(on, error)) {
            return;
          }
          rooms.forget(s.room);
          loop.deliver(on, handlers.recoveryFailed(), new RecoveryFailed(s.room,
              "join_failed", null, 0, s.epoch, s.highest, error.code()));
          done();
        }

        private void done() {
          if (left.decrementAndGet() == 0 && loop.isCurrent(on)) {
            loop.reconnected();
          }
        }
      });
    }
    if (toJoin.isEmpty()) {
      loop.reconnected();
    }
  }

  /** A {@code recovered} frame: the server's answer about one room of a {@code resume}. */
  void recovered(Link from, JsonNode frame) {
    String room = Frames.text(frame, "room");
    if (room == null) {
      return;
    }
    RoomStreams.Stream s = rooms.get(room);
    String previousEpoch = s == null ? null : s.epoch;
    long previousOffset = s == null ? 0 : s.highest;
    String epoch = Frames.text(frame, "epoch");
    long offset = frame.path("offset").asLong();
    if (frame.path("recovered").asBoolean()) {
      rooms.reset(room, epoch, offset);
      loop.deliver(from, handlers.recovered(),
          new Recovered(room, frame.path("missed").asLong(), epoch, offset));
      return;
    }
    String reason = frame.path("reason").asText("unknown");
    String errorCode = null;
    if (reason.equals("join_failed")) {
      rooms.forget(room);
      errorCode = frame.path("error").path("code").asText(null);
    } else {
      rooms.reset(room, epoch, offset);
    }
    loop.deliver(from, handlers.recoveryFailed(), new RecoveryFailed(room, reason, epoch,
        offset, previousEpoch, previousOffset, errorCode));
  }
}
