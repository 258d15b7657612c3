package dev.wsm.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.client.BinaryMessage;
import dev.wsm.client.DirectMessage;
import dev.wsm.client.RoomClosed;
import dev.wsm.client.RoomMessage;
import dev.wsm.client.WsmClientException;
import java.util.function.Consumer;

/**
 * Reads what the current connection receives and hands each frame to its owner: {@code welcome}
 * to the loop, {@code reply} to the correlator, {@code recovered} to the resume, server events to
 * their handlers through the event queue (a room message only once: duplicates by offset are
 * dropped), {@code error} frames and unreadable frames to the error handler. Frames of a link
 * that is no longer current are ignored.
 *
 * <p>Threads: the {@link Link.Listener} methods are called on the JDK's WebSocket threads (or the
 * timer), without the lock; a frame is parsed without it and dispatched with it held.
 */
final class Dispatcher implements Link.Listener {
  private final Object lock;
  private final ConnectionLoop loop;
  private final Requests requests;
  private final RoomResume resume;
  private final RoomStreams rooms;
  private final Handlers handlers;
  private final Consumer<DirectMessage> direct;
  private final EventQueue events;

  Dispatcher(Object lock, ConnectionLoop loop, Requests requests, RoomResume resume,
      RoomStreams rooms, Handlers handlers, Consumer<DirectMessage> direct, EventQueue events) {
    this.lock = lock;
    this.loop = loop;
    this.requests = requests;
    this.resume = resume;
    this.rooms = rooms;
    this.handlers = handlers;
    this.direct = direct;
    this.events = events;
  }

  @Override
  public void text(Link from, String text) {
    JsonNode frame;
    try {
      frame = Frames.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      events.error(new WsmClientException(WsmClientException.PROTOCOL,
          "the server sent a frame that is not JSON", e));
      return;
    }
    if (frame == null || !frame.isObject()) {
      events.error(new WsmClientException(WsmClientException.PROTOCOL,
          "the server sent a frame that is not a JSON object"));
      return;
    }
    synchronized (lock) {
      if (loop.accepts(from)) {
        dispatch(from, frame);
      }
    }
  }

  @Override
  public void binary(Link from, byte[] frame) {
    BinaryMessage message;
    try {
      message = Frames.binary(frame);
    } catch (IllegalArgumentException e) {
      events.error(new WsmClientException(WsmClientException.PROTOCOL,
          "the server sent a malformed binary frame", e));
      return;
    }
    synchronized (lock) {
      if (loop.accepts(from)) {
        loop.deliver(from, handlers.binary(), message);
      }
    }
  }

  @Override
  public void lost(Link from, int code, String reason) {
    loop.lost(from, code, reason);
  }

  @Override
  public void error(Throwable error) {
    events.error(error);
  }

  private void dispatch(Link from, JsonNode frame) {
    switch (frame.path("type").asText()) {
      case "welcome" -> loop.welcomed(from, frame);
      case "reply" -> requests.replied(frame);
      case "message" -> message(from, frame);
      case "recovered" -> resume.recovered(from, frame);
      case "direct" -> loop.deliver(from, direct, Frames.direct(frame));
      case "broadcast" -> loop.deliver(from, handlers.broadcast(), Frames.broadcast(frame));
      case "joined" -> loop.deliver(from, handlers.joined(), Frames.member(frame));
      case "left" -> loop.deliver(from, handlers.left(), Frames.member(frame));
      case "presence" -> loop.deliver(from, handlers.presence(), Frames.presence(frame));
      case "typing" -> loop.deliver(from, handlers.typing(), Frames.typing(frame));
      case "room_closed" -> {
        RoomClosed closed = Frames.roomClosed(frame);
        rooms.forget(closed.room());
        loop.deliver(from, handlers.roomClosed(), closed);
      }
      case "error" -> events.error(Frames.error(frame));
      default -> { } // pong, and frame types a newer server may add: ignored (protocol.md 10)
    }
  }

  private void message(Link from, JsonNode frame) {
    RoomMessage m = Frames.message(frame, null);
    if (m.room() == null || rooms.isDuplicate(m.room(), m.offset())) {
      return;
    }
    if (loop.deliver(from, handlers.message(), m) && m.offset() > 0) {
      rooms.seen(m.room(), m.offset());
    }
  }
}
