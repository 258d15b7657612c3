package dev.wsm.store.redis.internal;

import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;

/**
 * The key layout of the Redis store; every key starts with the configured prefix. See
 * {@code docs/stores.md} for what each key holds.
 */
final class Keys {
  private final String prefix;

  Keys(String prefix) {
    this.prefix = prefix;
  }

  String prefix() {
    return prefix;
  }

  /** Hash: one room's fields. */
  String room(RoomId room) {
    return prefix + "room:" + room.value();
  }

  /** Hash: user → number of member connections in the room. */
  String roomUsers(RoomId room) {
    return prefix + "room-users:" + room.value();
  }

  /** Hash: {@code user \n connection} → node, of every member connection in the room. */
  String roomConnections(RoomId room) {
    return prefix + "room-conns:" + room.value();
  }

  /** Sorted set of every room name (all scores 0, so ordered by name). */
  String rooms() {
    return prefix + "rooms";
  }

  /** Sorted set: room name scored by its expiry (epoch ms). */
  String roomExpiry() {
    return prefix + "rooms-expiry";
  }

  /** Stream: a room's history, entry id {@code <offset>-0}. */
  String stream(RoomId room) {
    return prefix + "stream:" + room.value();
  }

  /** Hash: a stream's {@code epoch} and {@code last} offset. */
  String streamMeta(RoomId room) {
    return prefix + "stream-meta:" + room.value();
  }

  /** Hash: message id → offset, for the messages the stream still holds. */
  String streamIds(RoomId room) {
    return prefix + "stream-ids:" + room.value();
  }

  /** Sorted set: a user's pending message ids, scored by enqueue sequence. */
  String inboxOrder(UserId user) {
    return prefix + "inbox:" + user.value();
  }

  /** Hash: message id → encoded message, of one user's inbox. */
  String inboxMessages(UserId user) {
    return prefix + "inbox-msgs:" + user.value();
  }

  /**
   * Hash: device id → {@code position:seen} (the highest sequence number it acked, when it was last
   * seen in epoch ms) of one user's devices; expires when none was seen for the inbox max age.
   */
  String inboxDevices(UserId user) {
    return prefix + "inbox-devices:" + user.value();
  }

  /** Counter: the enqueue sequence of one user's inbox; kept for good, so no number is reused. */
  String inboxSequence(UserId user) {
    return prefix + "inbox-seq:" + user.value();
  }

  /** Sorted set: {@code user \n id} of every inbox message, scored by when it must go (epoch ms). */
  String inboxDeadlines() {
    return prefix + "inbox-deadlines";
  }

  /** Hash: a user's last presence (status, meta, lastSeen, node). */
  String presence(UserId user) {
    return prefix + "presence:" + user.value();
  }

  /** Set of the ids of every node that registered (live or not yet reaped). */
  String nodes() {
    return prefix + "nodes";
  }

  /** String with expiry: a node's lease; present while the node is alive. */
  String nodeLease(String node) {
    return prefix + "node:" + node;
  }

  /** Prefix of a node's connection keys ({@code <prefix>conns} hash, {@code <prefix>labels} hash). */
  String nodeConnectionsPrefix() {
    return prefix + "node-";
  }

  /** Set: {@code room \n user \n connection} of every membership a node added. */
  String nodeMembers(String node) {
    return prefix + "node-members:" + node;
  }

  /** Hash: connection id → labels (newline separated) of one node's active connections. */
  String nodeConnections(String node) {
    return nodeConnectionsPrefix() + "conns:" + node;
  }

  /** Hash: label → active connections of one node. */
  String nodeLabels(String node) {
    return nodeConnectionsPrefix() + "labels:" + node;
  }

  /** Hash: user → active connections of one node, for each user with one there. */
  String nodeUsers(String node) {
    return nodeConnectionsPrefix() + "users:" + node;
  }

  /**
   * Hash: user → number of nodes holding an active connection of the user (a node counts until it
   * is reaped); its length is the distinct users of the cluster.
   */
  String connectionUsers() {
    return prefix + "conn-users";
  }

  /** Hash: cluster-wide running totals ({@code total}, {@code messages}). */
  String connectionTotals() {
    return prefix + "conn-totals";
  }

  /** Hash: connection id → node, of every connection counted for a user's connection limit. */
  String quotaUser(UserId user) {
    return quotaUserPrefix() + user.value();
  }

  String quotaUserPrefix() {
    return prefix + "quota-user:";
  }

  /** Hash: connection id → node, of every connection counted for an address's limit. */
  String quotaAddress(String address) {
    return quotaAddressPrefix() + address;
  }

  String quotaAddressPrefix() {
    return prefix + "quota-addr:";
  }

  /** Hash: connection id → {@code user \n address} of the connections a node counted. */
  String nodeQuota(String node) {
    return prefix + "node-quota:" + node;
  }

  /** Hash: each node's view of a user ({@code n:<node>}) and the user's {@code meta}. */
  String presenceRoster(UserId user) {
    return prefix + "roster:" + user.value();
  }
}
