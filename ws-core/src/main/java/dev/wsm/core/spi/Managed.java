package dev.wsm.core.spi;

import java.time.Duration;

/**
 * A component with resources to open and release (a database, a client connection), started and
 * stopped by the {@code Hub}, its one lifecycle owner. Bind implementations with {@code
 * Multibinder.newSetBinder(binder(), Managed.class)}.
 *
 * <p>Contract: the hub calls {@link #start()} once, before the cluster bus and the transport start,
 * in binding order; a failure there fails {@code Hub.start()} and the components already started are
 * stopped. It calls {@link #stop(Duration)} once, after the transport has stopped, in reverse order,
 * and only for components whose start succeeded. {@code stop} flushes what it promised to keep
 * within {@code grace} and never throws.
 */
public interface Managed {
  /** Opens the component's resources; throws a {@code WsException} with a clear message on failure. */
  void start();

  /** Flushes and releases the component's resources, waiting at most {@code grace}. */
  void stop(Duration grace);
}
