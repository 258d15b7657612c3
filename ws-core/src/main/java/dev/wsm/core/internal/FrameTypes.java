package dev.wsm.core.internal;

import dev.wsm.core.protocol.ClientFrame;

/** The wire {@code type} of a decoded client frame, as {@code LimitOptions.typeRates} names it. */
final class FrameTypes {
  private FrameTypes() {}

  static String of(ClientFrame frame) {
    if (frame instanceof ClientFrame.Custom custom) {
      return custom.type();
    } else if (frame instanceof ClientFrame.Publish) {
      return "publish";
    } else if (frame instanceof ClientFrame.Join) {
      return "join";
    } else if (frame instanceof ClientFrame.Leave) {
      return "leave";
    } else if (frame instanceof ClientFrame.Direct) {
      return "direct";
    } else if (frame instanceof ClientFrame.Ack) {
      return "ack";
    } else if (frame instanceof ClientFrame.PresenceUpdate) {
      return "presence";
    } else if (frame instanceof ClientFrame.Typing) {
      return "typing";
    } else if (frame instanceof ClientFrame.Ping) {
      return "ping";
    } else if (frame instanceof ClientFrame.Members) {
      return "members";
    } else if (frame instanceof ClientFrame.History) {
      return "history";
    } else if (frame instanceof ClientFrame.Resume) {
      return "resume";
    }
    throw new IllegalArgumentException("unknown frame " + frame.getClass().getSimpleName());
  }
}
