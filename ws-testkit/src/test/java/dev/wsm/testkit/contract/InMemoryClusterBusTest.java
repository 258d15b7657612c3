package dev.wsm.testkit.contract;

import dev.wsm.core.spi.ClusterBus;
import dev.wsm.core.spi.ClusterCommand;
import dev.wsm.core.spi.ClusterMessage;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The contract's own check: a trivial in-memory bus joining the nodes of one JVM passes it. */
class InMemoryClusterBusTest extends ClusterBusContract {
  private final List<Bus> network = new CopyOnWriteArrayList<>();

  @Override
  protected ClusterBus newNode() {
    return new Bus(1000, true);
  }

  @Override
  protected ClusterBus startedNodeThatCannotDeliver(int capacity) {
    Bus bus = new Bus(capacity, false);
    bus.start(m -> {});
    return bus;
  }

  /** Publishes into a bounded queue; its thread hands each item to every other started node. */
  private final class Bus implements ClusterBus {
    private final BlockingQueue<Object> out;
    private final boolean delivers;
    private volatile Consumer<ClusterMessage> inbound;
    private volatile Consumer<ClusterCommand> commands;
    private volatile Thread thread;

    Bus(int capacity, boolean delivers) {
      this.out = new ArrayBlockingQueue<>(capacity);
      this.delivers = delivers;
    }

    @Override
    public void start(Consumer<ClusterMessage> in) {
      start(in, c -> {});
    }

    @Override
    public synchronized void start(Consumer<ClusterMessage> in, Consumer<ClusterCommand> cmds) {
      inbound = in;
      commands = cmds;
      network.add(this);
      if (delivers) {
        thread = new Thread(this::run, "in-memory-bus");
        thread.setDaemon(true);
        thread.start();
      }
    }

    private void run() {
      try {
        while (true) {
          Object item = out.take();
          for (Bus other : network) {
            if (other != this) {
              synchronized (other) {
                if (item instanceof ClusterMessage m) {
                  other.inbound.accept(m);
                } else {
                  other.commands.accept((ClusterCommand) item);
                }
              }
            }
          }
        }
      } catch (InterruptedException e) {
        // stopped
      }
    }

    @Override
    public boolean publish(ClusterMessage message) {
      return network.contains(this) && out.offer(message);
    }

    @Override
    public boolean publish(ClusterCommand command) {
      return network.contains(this) && out.offer(command);
    }

    @Override
    public synchronized void stop() {
      network.remove(this);
      if (thread != null) {
        thread.interrupt();
      }
    }
  }
}
