package dev.wsm.core;

import java.util.Locale;

/**
 * The stable error codes of the wire protocol. The wire form ({@link #wire()}) never changes once
 * released; new codes may be added.
 */
public enum ErrorCode {
  /** The frame is not valid JSON, or a field is missing or of the wrong type. */
  INVALID_MESSAGE,
  /** The frame's {@code type} is neither built in nor registered as a handler. */
  UNKNOWN_TYPE,
  /** The connection is not authenticated for this operation. */
  UNAUTHORIZED,
  /** The operation is not allowed for this user (e.g. publishing to a room it has not joined). */
  FORBIDDEN,
  /** The room, user or connection does not exist. */
  NOT_FOUND,
  /** The room is at its member limit. */
  ROOM_FULL,
  /** The room is private and the password is missing or wrong. */
  WRONG_PASSWORD,
  /** Too many requests; try again later. */
  RATE_LIMITED,
  /** The message or a field is larger than allowed. */
  TOO_LARGE,
  /** The thing to create exists already (e.g. a room with that name). */
  CONFLICT,
  /** A {@code resume} session token is malformed, forged, expired or another user's. */
  INVALID_SESSION,
  /** The server is overloaded or shutting down; try again later. */
  UNAVAILABLE,
  /** An unexpected server error; details are in the server log, never in the reply. */
  INTERNAL;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The code as it appears on the wire, e.g. {@code room_full}. */
  public String wire() {
    return wire;
  }
}
