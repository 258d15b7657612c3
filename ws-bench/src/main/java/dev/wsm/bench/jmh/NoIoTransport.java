package dev.wsm.bench.jmh;

import dev.wsm.core.spi.Transport;
import dev.wsm.core.spi.TransportHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A {@link Transport} that never binds: it only satisfies the core's injector so benchmarks can
 * build the real routing objects. Benchmarks create their sessions themselves ({@link
 * CountingSession}).
 */
final class NoIoTransport implements Transport {
  @Override
  public void start(TransportHandler handler) {}

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  @Override
  public String path() {
    return "/ws";
  }

  @Override
  public void stop(Duration grace) {}
}
