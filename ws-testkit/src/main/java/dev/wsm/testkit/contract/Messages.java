package dev.wsm.testkit.contract;

import dev.wsm.core.MessageId;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Message fixtures for the contract suites. */
final class Messages {
  private Messages() {}

  /** A room message sent at {@code at}, never expiring, with {@code {"n":"<id>"}} as data. */
  static StoredMessage inRoom(RoomId room, String id, Instant at) {
    return inRoom(room, id, at, null);
  }

  static StoredMessage inRoom(RoomId room, String id, Instant at, Instant expiresAt) {
    return new StoredMessage(MessageId.of(id), room, null, UserId.of("sender"), null, data(id),
        false, null, at, expiresAt, 0);
  }

  /** A direct message to {@code to}, sent at {@code at}. */
  static StoredMessage direct(UserId to, String id, Instant at) {
    return direct(to, id, at, null);
  }

  static StoredMessage direct(UserId to, String id, Instant at, Instant expiresAt) {
    return new StoredMessage(MessageId.of(id), null, to, UserId.of("sender"), null, data(id), false,
        null, at, expiresAt, 0);
  }

  static byte[] data(String id) {
    return ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  static String text(StoredMessage message) {
    return new String(message.data(), StandardCharsets.UTF_8);
  }
}
