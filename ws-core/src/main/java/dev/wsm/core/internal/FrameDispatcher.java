package dev.wsm.core.internal;

import dev.wsm.core.protocol.BinaryFrames;
import dev.wsm.core.protocol.ClientFrame;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Hands each decoded client frame to the handler of its group of operations. A handler answers
 * the frame's {@code ref} itself, later, or throws at once (a {@link dev.wsm.core.WsException}
 * for the client's mistakes), for {@link CoreTransportHandler} to answer.
 *
 * <p>Threading: called on the connection's transport thread; never blocks (nor do the handlers).
 */
@Singleton
public final class FrameDispatcher {
  private final RoomFrames rooms;
  private final PublishFrames publishes;
  private final DirectFrames directs;
  private final HistoryFrames history;
  private final PresenceFrames presence;
  private final SessionFrames sessions;
  private final CustomFrames customs;

  @Inject
  public FrameDispatcher(RoomFrames rooms, PublishFrames publishes, DirectFrames directs,
      HistoryFrames history, PresenceFrames presence, SessionFrames sessions,
      CustomFrames customs) {
    this.rooms = rooms;
    this.publishes = publishes;
    this.directs = directs;
    this.history = history;
    this.presence = presence;
    this.sessions = sessions;
    this.customs = customs;
  }

  void dispatch(LiveConnection c, ClientFrame frame) {
    if (frame instanceof ClientFrame.Publish p) {
      publishes.publish(c, p);
    } else if (frame instanceof ClientFrame.Join j) {
      rooms.join(c, j);
    } else if (frame instanceof ClientFrame.Ack a) {
      directs.ack(c, a);
    } else if (frame instanceof ClientFrame.Resume r) {
      sessions.resume(c, r);
    } else if (frame instanceof ClientFrame.Leave l) {
      rooms.leave(c, l);
    } else if (frame instanceof ClientFrame.Direct d) {
      directs.direct(c, d);
    } else if (frame instanceof ClientFrame.PresenceUpdate p) {
      presence.update(c, p);
    } else if (frame instanceof ClientFrame.Typing t) {
      presence.typing(c, t);
    } else if (frame instanceof ClientFrame.Ping p) {
      sessions.ping(c, p);
    } else if (frame instanceof ClientFrame.Members m) {
      rooms.members(c, m);
    } else if (frame instanceof ClientFrame.History h) {
      history.history(c, h);
    } else if (frame instanceof ClientFrame.Custom custom) {
      customs.handle(c, custom);
    }
  }

  /** A decoded binary frame: a message to its room. */
  void dispatch(LiveConnection c, BinaryFrames.Inbound binary) {
    publishes.binary(c, binary);
  }
}
