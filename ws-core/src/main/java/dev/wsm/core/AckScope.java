package dev.wsm.core;

/** What an inbox ack from one device clears; see {@link InboxOptions#ackScope()}. */
public enum AckScope {
  /** An ack on any device clears the message for every device of the user. */
  USER,
  /**
   * Each device with a {@link DeviceId} keeps its own ack position: a message is redelivered to a
   * device until that device acks it, and leaves the inbox once every device of the user seen
   * within the inbox's maximum age has acked it (or when it expires or is trimmed). A connection
   * without a device id acks for the whole user, as in {@link #USER}.
   */
  DEVICE
}
