package dev.wsm.core.internal;

import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.MessageStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * A client's {@code history} request: a page of a joined room's stream.
 *
 * <p>Threading: called on the connection's transport thread. Never blocks: the page is read by
 * the message store's stage, and sent where it completes.
 */
@Singleton
public final class HistoryFrames {
  private final MessageStore messages;
  private final Requests requests;

  @Inject
  public HistoryFrames(MessageStore messages, Requests requests) {
    this.messages = messages;
    this.requests = requests;
  }

  void history(LiveConnection c, ClientFrame.History h) {
    requests.reply(c, h.ref(), requests.asMember(c, h.room(), new Access.History(c, h.room()),
        () -> new HistoryQueryRunner(messages).run(h)), page -> g -> page.write(g, h.room()));
  }
}
