package dev.wsm.core.internal;

import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterMessage;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/** The bus of a single node: there are no other nodes, so publishing does nothing. */
@Singleton
public final class LocalClusterBus implements ClusterBus {
  @Override
  public void start(Consumer<ClusterMessage> inbound) {}

  @Override
  public boolean publish(ClusterMessage message) {
    return true;
  }

  @Override
  public boolean publish(dev.wsm.core.spi.ClusterCommand command) {
    return true;
  }

  @Override
  public void stop() {}
}
