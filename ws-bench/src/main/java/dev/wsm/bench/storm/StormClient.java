package dev.wsm.bench.storm;

import dev.wsm.bench.load.ClientFrames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection of the storm and what it has seen: its session token, its room's epoch and the
 * highest offset received, and the messages it lost or received twice. Owned by the engine's
 * thread.
 */
final class StormClient {
  enum Kind { CLIENT, STEADY, PUBLISHER }

  final int index;
  final int room;
  final Kind kind;
  final String user;
  SocketChannel channel;
  SelectionKey key;
  int state = StormEngine.IDLE;
  ByteBuffer leftover;
  ByteBuffer out;
  String session;
  String epoch;
  /** The highest offset seen in the room: from the join's stream, then from every message. */
  long offset;
  int joinsPending;
  long lost;
  long duplicates;
  int attempts;
  long reconnectAt;
  long reconnectStart;
  long resumeSentAt;
  long recoveredAt;
  long recoveryMessages;
  long missed = -1;
  boolean recovered;
  long lostAtResume;
  long duplicatesAtResume;
  /** After {@code recovered:false}: the next message starts the check afresh. */
  boolean rebase;

  StormClient(int index, int room, Kind kind, String runId) {
    this.index = index;
    this.room = room;
    this.kind = kind;
    this.user = (kind == Kind.PUBLISHER ? "pub-" : kind == Kind.STEADY ? "steady-" : "c-") + runId
        + "-" + index;
  }

  /** Before sending {@code resume}: what a {@code recovered:false} takes back. */
  void resuming() {
    lostAtResume = lost;
    duplicatesAtResume = duplicates;
    recoveryMessages = 0;
  }

  /**
   * After {@code recovered:false} the gap is known, not lost: the client would read it with {@code
   * history}. What was counted since {@code resume} is taken back, and the next message starts the
   * check afresh (the frame's offset is the stream's a moment ago: a message at or below it may
   * still arrive live).
   */
  void notRecovered(long streamOffset) {
    lost = lostAtResume;
    duplicates = duplicatesAtResume;
    offset = Math.max(offset, streamOffset);
    rebase = true;
  }

  /**
   * Checks a received message's offset: the next one is expected; one not above the highest seen
   * is a duplicate; a larger one means the offsets in between were lost.
   */
  void see(long messageOffset) {
    if (rebase) {
      rebase = false;
      offset = messageOffset;
    } else if (messageOffset <= offset) {
      duplicates++;
    } else {
      lost += messageOffset - offset - 1;
      offset = messageOffset;
    }
  }

  /** A masked text frame of the concatenated parts. */
  static ByteBuffer textFrame(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] payload = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, payload, at, p.length);
      at += p.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(ClientFrames.frameSize(length));
    ClientFrames.write(buf, ClientFrames.TEXT, payload);
    return buf.flip();
  }

  /** Queues bytes for a connection and writes what the socket takes now. */
  void send(ByteBuffer bytes) throws IOException {
    if (state == StormEngine.FAILED || state == StormEngine.DOWN || channel == null) {
      return;
    }
    if (out == null) {
      channel.write(bytes);
      if (!bytes.hasRemaining()) {
        return;
      }
      out = ByteBuffer.allocate(Math.max(bytes.remaining(), 16 * 1024)).put(bytes).flip();
      key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
      return;
    }
    if (out.capacity() - out.limit() < bytes.remaining()) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.remaining() + bytes.remaining(),
          out.capacity() * 2));
      bigger.put(out).flip();
      out = bigger;
    }
    int pos = out.position();
    out.position(out.limit()).limit(out.capacity());
    out.put(bytes);
    out.limit(out.position()).position(pos);
  }

  void flush() throws IOException {
    if (out != null) {
      channel.write(out);
      if (!out.hasRemaining()) {
        out = null;
        key.interestOps(SelectionKey.OP_READ);
      }
    }
  }

  void closeQuietly() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
  }
}
