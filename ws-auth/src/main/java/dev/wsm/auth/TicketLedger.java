package dev.wsm.auth;

import java.time.Instant;

/**
 * Remembers which connection tickets were redeemed, so each works once. The default keeps them in
 * this JVM's memory: single use is then per node, and a ticket could be redeemed once on each node
 * that shares the ticket key. Plug in a shared ledger (e.g. Redis {@code SET id 1 NX PXAT exp}) to
 * make it cluster-wide.
 *
 * <p>Called on a transport thread during the handshake: answer from memory or within a few
 * milliseconds, never wait long on I/O. Thread-safe. Must not throw.
 */
public interface TicketLedger {

  /** What {@link #redeem} found. */
  enum Outcome {
    /** First use: the ticket is now used. */
    FIRST_USE,
    /** The ticket was redeemed before. */
    USED_BEFORE,
    /** The ledger cannot take more ids right now; the ticket is not marked used. */
    FULL
  }

  /**
   * Marks {@code ticketId} used, atomically. The id needs remembering only until {@code expiresAt}:
   * the ticket is refused as expired after that anyway.
   */
  Outcome redeem(String ticketId, Instant expiresAt);
}
