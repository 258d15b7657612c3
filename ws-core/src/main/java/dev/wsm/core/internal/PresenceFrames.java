package dev.wsm.core.internal;

import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ServerFrames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * A client's {@code presence} updates and {@code typing} indicators.
 *
 * <p>Threading: called on the connection's transport thread. Never blocks: the presence store's
 * stage completes on its own thread, where the reply is sent.
 */
@Singleton
public final class PresenceFrames {
  private final DefaultPresenceTracker presence;
  private final Requests requests;

  @Inject
  public PresenceFrames(DefaultPresenceTracker presence, Requests requests) {
    this.presence = presence;
    this.requests = requests;
  }

  void update(LiveConnection c, ClientFrame.PresenceUpdate p) {
    requests.reply(c, p.ref(), presence.update(c.id(), p.status(), p.meta()),
        pr -> g -> ServerFrames.writePresenceFields(g, pr));
  }

  void typing(LiveConnection c, ClientFrame.Typing t) {
    presence.typing(c.id(), t.room(), t.typing());
    if (t.ref() != null) {
      c.send(ServerFrames.ok(t.ref(), ServerFrames.Fields.NONE));
    }
  }
}
