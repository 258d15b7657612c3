package dev.wsm.core.spi;

import dev.wsm.core.ConnectionId;
import dev.wsm.core.UserId;
import java.util.concurrent.CompletionStage;

/**
 * Counts open connections per user and per remote address for the connection limits ({@code
 * HubOptions.maxConnectionsPerUser}, {@code LimitOptions.maxConnectionsPerIp}) over every node that
 * shares the store. The core checks its own node synchronously before the upgrade (HTTP 429) and
 * then reserves here without waiting: a connection the quota refuses is closed with close code
 * 4029 once the answer arrives. A store shared by several nodes stops counting a node's
 * connections within its lease when the node dies.
 *
 * <p>Contract: non-blocking (see {@link RoomStore}). {@link #reserve} is atomic: of connections
 * racing for the last slot, only as many as the limit are admitted. Reserving a connection that is
 * counted already admits it and changes nothing; releasing one that is not counted does nothing.
 * Proven by {@code ConnectionQuotaContract} in ws-testkit.
 */
public interface ConnectionQuota {
  /** The answer of {@link #reserve}. */
  enum Verdict {
    /** Counted for its user and address. */
    ADMITTED,
    /** Not counted: its user holds {@code maxPerUser} connections already. */
    USER_FULL,
    /** Not counted: its address holds {@code maxPerAddress} connections already. */
    ADDRESS_FULL
  }

  /**
   * Counts {@code connection} for {@code user} and for {@code address} if the user holds fewer
   * than {@code maxPerUser} and the address fewer than {@code maxPerAddress} counted connections
   * (0: no limit); otherwise counts nothing. A null {@code address} is not counted per address.
   */
  CompletionStage<Verdict> reserve(ConnectionId connection, UserId user, String address,
      int maxPerUser, int maxPerAddress);

  /** Uncounts a connection {@link #reserve} admitted. */
  CompletionStage<Void> release(ConnectionId connection);

  /** The counted connections of {@code user}. */
  CompletionStage<Integer> countForUser(UserId user);

  /** The counted connections from {@code address}. */
  CompletionStage<Integer> countForAddress(String address);
}
