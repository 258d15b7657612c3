package dev.wsm.client.internal;

import dev.wsm.client.BinaryMessage;
import dev.wsm.client.Broadcast;
import dev.wsm.client.DirectMessage;
import dev.wsm.client.MemberEvent;
import dev.wsm.client.Presence;
import dev.wsm.client.Recovered;
import dev.wsm.client.RecoveryFailed;
import dev.wsm.client.RoomClosed;
import dev.wsm.client.RoomMessage;
import dev.wsm.client.StateChange;
import dev.wsm.client.Typing;
import java.util.function.Consumer;

/** The handlers a client was built with; each defaults to doing nothing. */
record Handlers(
    Consumer<RoomMessage> message,
    Consumer<DirectMessage> direct,
    Consumer<Broadcast> broadcast,
    Consumer<BinaryMessage> binary,
    Consumer<MemberEvent> joined,
    Consumer<MemberEvent> left,
    Consumer<Presence> presence,
    Consumer<Typing> typing,
    Consumer<RoomClosed> roomClosed,
    Consumer<Recovered> recovered,
    Consumer<RecoveryFailed> recoveryFailed,
    Consumer<StateChange> stateChange,
    Consumer<Throwable> error) {

  static final Handlers NONE = new Handlers(ignore(), ignore(), ignore(), ignore(),
      ignore(), ignore(), ignore(), ignore(), ignore(), ignore(), ignore(), ignore(), ignore());

  private static <T> Consumer<T> ignore() {
    return value -> {};
  }
}
