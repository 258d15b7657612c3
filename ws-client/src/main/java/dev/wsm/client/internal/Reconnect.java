package dev.wsm.client.internal;


/**
 * Which endings of a connection the client recovers from by reconnecting (docs/protocol.md
 * section 6). The rule: reconnect when the cause is on the server's or the network's side and may
 * pass; stay closed when the server said not to come back, or when the same client would only be
 * refused again.
 */
final class Reconnect {
  private Reconnect() {}

  /** Whether a connection closed with this WebSocket close code is re-established. */
  static boolean afterClose(int code) {
    return switch (code) {
      // The server is going away (shutdown, restart) or failed, or the network did (1006).
      case 1001, 1006, 1011, 1012, 1013, 1014 -> true;
      // One request was over the size limit; it failed, the rest of the session is worth keeping.
      case 1009 -> true;
      // Heartbeat timeout and slow consumer: transient by nature; resume catches up.
      case 4000, 4001 -> true;
      // Normal closure: the server ended the session on purpose ("nothing" to do, protocol.md).
      case 1000 -> false;
      // Protocol error, unsupported or invalid data, policy: the same client would do it again.
      case 1002, 1003, 1007, 1008, 1010 -> false;
      // Kicked, and too many connections for this user ("do not retry in a loop").
      case 4003, 4029 -> false;
      // Other wsm codes (4000-4099) may be added; reconnect, with backoff, unless listed above.
      // Codes an application chose (4100-4999) and anything else: the application meant it.
      default -> code >= 4000 && code <= 4099;
    };
  }

  /** Whether a refused upgrade with this HTTP status is retried during a reconnect. */
  static boolean afterRefusal(int status) {
    // 400 (bad query), 401/403 (credentials refused), 404 (wrong path) will not change by waiting;
    // 429 (too many connections) and 5xx may.
    return !(status == 400 || status == 401 || status == 403 || status == 404);
  }
}
