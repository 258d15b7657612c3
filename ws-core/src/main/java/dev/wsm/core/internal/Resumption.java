package dev.wsm.core.internal;

import dev.wsm.core.ErrorCode;
import dev.wsm.core.ResumeOptions;
import dev.wsm.core.RoomId;
import dev.wsm.core.WsException;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Answers {@code resume}: checks the session token, then room by room joins the connection and
 * recovers what it missed. Per room: live frames are held back from before the join until the
 * missed messages have been queued, so the client gets every message once, in offset order; a gap
 * that history cannot fill entirely is reported as {@code recovered:false}, never partly filled.
 */
@Singleton
public final class Resumption {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Resumption.class);
  private static final int PAGE = HistoryQuery.MAX_LIMIT;
  /** Missed messages go out while the outbound queue is below half full... */
  private static final double PACE_BELOW = 0.5;
  /** ...waiting this long when it is not... */
  private static final long PACE_WAIT_MILLIS = 2;
  /** ...for at most this long in all (a client that does not read is closed by heartbeats). */
  private static final java.time.Duration PACING_LIMIT = java.time.Duration.ofSeconds(60);

  private final DefaultRoomRegistry rooms;
  private final RoomFanout roomFanout;
  private final MessageStore messages;
  private final SessionTokens tokens;
  private final ResumeOptions options;
  private final AccessChecks access;

  @Inject
  public Resumption(DefaultRoomRegistry rooms, RoomFanout roomFanout, MessageStore messages,
      SessionTokens tokens, ResumeOptions options, AccessChecks access) {
    this.access = access;
    this.rooms = rooms;
    this.roomFanout = roomFanout;
    this.messages = messages;
    this.tokens = tokens;
    this.options = options;
  }

  /** Resumes every room of {@code r}, one after the other; completes with the number of rooms. */
  public CompletionStage<Integer> resume(LiveConnection c, ClientFrame.Resume r) {
    tokens.verify(r.session(), c.user());
    CompletionStage<Void> chain = Futures.done(null);
    for (ClientFrame.ResumeRoom room : r.rooms()) {
      chain = chain.thenCompose(v -> resumeRoom(c, room));
    }
    return chain.thenApply(v -> r.rooms().size());
  }

  private CompletionStage<Void> resumeRoom(LiveConnection c, ClientFrame.ResumeRoom room) {
    c.startRecovery(room.room());
    // Resuming a room is a join and a history read: the Authorizer must allow both.
    return access.then(new Access.Join(c, room.room()),
            () -> access.then(new Access.History(c, room.room()),
                () -> rooms.join(c.id(), room.room(), room.password())))
        .handle((joined, error) -> error)
        .thenCompose(error -> {
          if (error != null) {
            roomFanout.abandonRecovery(c, room.room());
            Throwable cause = Futures.unwrap(error);
            boolean known = cause instanceof WsException ws && ws.code() != ErrorCode.INTERNAL;
            ErrorCode code = known ? ((WsException) cause).code() : ErrorCode.INTERNAL;
            if (!known) {
              log.error("Resuming room {} for {} failed", room.room(), c.id(), cause);
            }
            c.send(ServerFrames.recovered(room.room(), false, 0, "join_failed", code,
                known ? cause.getMessage() : "internal error", null, 0));
            return Futures.done(null);
          }
          return messages.position(room.room()).thenCompose(pos -> {
            roomFanout.trackFrom(room.room(), pos.lastOffset());
            return recover(c, room, pos);
          });
        });
  }

  private CompletionStage<Void> recover(LiveConnection c, ClientFrame.ResumeRoom room,
      StreamPosition pos) {
    long from = room.offset();
    long last = pos.lastOffset();
    boolean sameEpoch = room.epoch() == null ? from == 0 : room.epoch().equals(pos.epoch());
    if (!sameEpoch) {
      return notRecovered(c, room.room(), "epoch_changed", pos);
    }
    if (from > last || last - from > options.maxRecovered()) {
      return notRecovered(c, room.room(), "not_in_history", pos);
    }
    if (from == last) {
      return recovered(c, room.room(), List.of(), from, pos);
    }
    return fetch(room.room(), from, last, new ArrayList<>()).thenCompose(missed -> {
      if (missed.isEmpty() || missed.get(0).offset() != from + 1) {
        return notRecovered(c, room.room(), "not_in_history", pos); // purged since
      }
      return recovered(c, room.room(), missed, missed.get(missed.size() - 1).offset(), pos);
    });
  }

  /** Messages with offsets in {@code (after, last]}, oldest first, a page at a time. */
  private CompletionStage<List<StoredMessage>> fetch(RoomId room, long after, long last,
      List<StoredMessage> into) {
    return messages.history(room, new HistoryQuery(after, last + 1, null, null, PAGE, false))
        .thenCompose(page -> {
          into.addAll(page);
          if (page.size() < PAGE || page.get(page.size() - 1).offset() >= last) {
            return Futures.done(into);
          }
          return fetch(room, page.get(page.size() - 1).offset(), last, into);
        });
  }

  private CompletionStage<Void> recovered(LiveConnection c, RoomId room, List<StoredMessage> missed,
      long upTo, StreamPosition pos) {
    // The missed messages are all older than the live frames held back, so they can go out
    // before the final step, paced by the connection's outbound queue: a gap larger than the
    // queue would otherwise close the connection as a slow consumer.
    CompletableFuture<Void> sent = new CompletableFuture<>();
    sendPaced(c, missed, 0, System.nanoTime() + PACING_LIMIT.toNanos(), sent);
    return sent.thenRun(() -> roomFanout.completeRecovery(c, room, List.of(), upTo,
        ServerFrames.recovered(room, true, missed.size(), null, null, null, pos.epoch(), upTo),
        overflow(room, pos)));
  }

  private static void sendPaced(LiveConnection c, List<StoredMessage> missed, int from,
      long deadline, CompletableFuture<Void> sent) {
    int i = from;
    while (i < missed.size()) {
      if (c.queueFill() > PACE_BELOW) {
        break;
      }
      c.send(MessageFrames.frame("message", missed.get(i)));
      i++;
    }
    if (i == missed.size() || !c.isOpen() || System.nanoTime() > deadline) {
      sent.complete(null);
      return;
    }
    int next = i;
    CompletableFuture.delayedExecutor(PACE_WAIT_MILLIS, TimeUnit.MILLISECONDS)
        .execute(() -> sendPaced(c, missed, next, deadline, sent));
  }

  private CompletionStage<Void> notRecovered(LiveConnection c, RoomId room, String reason,
      StreamPosition pos) {
    OutboundFrame frame = ServerFrames.recovered(room, false, 0, reason, null, null, pos.epoch(),
        pos.lastOffset());
    roomFanout.completeRecovery(c, room, List.of(), 0, frame, frame);
    return Futures.done(null);
  }

  private static OutboundFrame overflow(RoomId room, StreamPosition pos) {
    return ServerFrames.recovered(room, false, 0, "not_in_history", null, null, pos.epoch(),
        pos.lastOffset());
  }
}
