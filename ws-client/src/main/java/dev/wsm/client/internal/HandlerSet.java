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
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The handlers being set on a {@link dev.wsm.client.WsmClient.Builder}: a later call for one kind
 * of event replaces an earlier one; {@link #build()} fills in the ones not set with handlers that
 * do nothing. Not thread-safe, like the builder.
 */
public final class HandlerSet {
  private Consumer<RoomMessage> message;
  private Consumer<DirectMessage> direct;
  private Consumer<Broadcast> broadcast;
  private Consumer<BinaryMessage> binary;
  private Consumer<MemberEvent> joined;
  private Consumer<MemberEvent> left;
  private Consumer<Presence> presence;
  private Consumer<Typing> typing;
  private Consumer<RoomClosed> roomClosed;
  private Consumer<Recovered> recovered;
  private Consumer<RecoveryFailed> recoveryFailed;
  private Consumer<StateChange> stateChange;
  private Consumer<Throwable> error;

  public void message(Consumer<RoomMessage> handler) {
    this.message = Objects.requireNonNull(handler, "handler");
  }

  public void direct(Consumer<DirectMessage> handler) {
    this.direct = Objects.requireNonNull(handler, "handler");
  }

  public void broadcast(Consumer<Broadcast> handler) {
    this.broadcast = Objects.requireNonNull(handler, "handler");
  }

  public void binary(Consumer<BinaryMessage> handler) {
    this.binary = Objects.requireNonNull(handler, "handler");
  }

  public void joined(Consumer<MemberEvent> handler) {
    this.joined = Objects.requireNonNull(handler, "handler");
  }

  public void left(Consumer<MemberEvent> handler) {
    this.left = Objects.requireNonNull(handler, "handler");
  }

  public void presence(Consumer<Presence> handler) {
    this.presence = Objects.requireNonNull(handler, "handler");
  }

  public void typing(Consumer<Typing> handler) {
    this.typing = Objects.requireNonNull(handler, "handler");
  }

  public void roomClosed(Consumer<RoomClosed> handler) {
    this.roomClosed = Objects.requireNonNull(handler, "handler");
  }

  public void recovered(Consumer<Recovered> handler) {
    this.recovered = Objects.requireNonNull(handler, "handler");
  }

  public void recoveryFailed(Consumer<RecoveryFailed> handler) {
    this.recoveryFailed = Objects.requireNonNull(handler, "handler");
  }

  public void stateChange(Consumer<StateChange> handler) {
    this.stateChange = Objects.requireNonNull(handler, "handler");
  }

  public void error(Consumer<Throwable> handler) {
    this.error = Objects.requireNonNull(handler, "handler");
  }

  /** The handlers set, and for the others {@link Handlers#NONE}'s. */
  Handlers build() {
    Handlers none = Handlers.NONE;
    return new Handlers(
        message != null ? message : none.message(),
        direct != null ? direct : none.direct(),
        broadcast != null ? broadcast : none.broadcast(),
        binary != null ? binary : none.binary(),
        joined != null ? joined : none.joined(),
        left != null ? left : none.left(),
        presence != null ? presence : none.presence(),
        typing != null ? typing : none.typing(),
        roomClosed != null ? roomClosed : none.roomClosed(),
        recovered != null ? recovered : none.recovered(),
        recoveryFailed != null ? recoveryFailed : none.recoveryFailed(),
        stateChange != null ? stateChange : none.stateChange(),
        error != null ? error : none.error());
  }
}
