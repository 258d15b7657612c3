package dev.wsm.bench.jmh;

import dev.wsm.core.spi.OutboundFrame;
import dev.wsm.core.spi.SendResult;
import dev.wsm.core.spi.TransportSession;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TransportSession} without I/O for benchmarks: {@link #send} counts the frame and returns
 * {@link SendResult#SENT}, so a benchmark measures the core's own cost per delivery. The one atomic
 * increment per send stands in for the cheapest possible queue append of a real transport.
 * Thread-safe, as the SPI requires.
 */
final class CountingSession implements TransportSession {
  private static final InetSocketAddress REMOTE = InetSocketAddress.createUnresolved("bench", 1);

  private final AtomicLong frames = new AtomicLong();
  private volatile Object attachment;

  /** Frames sent to this session so far. */
  long frames() {
    return frames.get();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return REMOTE;
  }

  @Override
  public SendResult send(OutboundFrame frame) {
    frames.incrementAndGet();
    return SendResult.SENT;
  }

  @Override
  public void ping(byte[] payload) {}

  @Override
  public void close(int code, String reason) {}

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public Object attachment() {
    return attachment;
  }

  @Override
  public void attach(Object attachment) {
    this.attachment = attachment;
  }
}
