package dev.wsm.core.internal;

import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ServerFrames;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The frames about the connection's session rather than its content: {@code resume} after a
 * reconnect (see {@link Resumption}) and {@code ping}.
 *
 * <p>Threading: called on the connection's transport thread. Never blocks: a resume's joins and
 * history reads are stages completing on the stores' threads, where the reply is sent.
 */
@Singleton
public final class SessionFrames {
  private final Resumption resumption;
  private final Clock clock;
  private final Requests requests;

  @Inject
  public SessionFrames(Resumption resumption, Clock clock, Requests requests) {
    this.resumption = resumption;
    this.clock = clock;
    this.requests = requests;
  }

  void resume(LiveConnection c, ClientFrame.Resume r) {
    requests.reply(c, r.ref(), resumption.resume(c, r), n -> g -> g.writeNumberField("rooms", n));
  }

  void ping(LiveConnection c, ClientFrame.Ping p) {
    c.send(ServerFrames.pong(p.ref(), clock.instant()));
  }
}
