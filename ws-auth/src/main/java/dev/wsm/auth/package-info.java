/**
 * Authenticators for wsm: {@link dev.wsm.auth.JwtAuthenticator} (signed JWTs, algorithms pinned to
 * the key) and one-time {@link dev.wsm.auth.ConnectionTickets}, installed with
 * {@link dev.wsm.auth.JwtAuthModule} or {@link dev.wsm.auth.TicketAuthModule}.
 */
package dev.wsm.auth;
