package dev.wsm.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.wsm.core.RoomId;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.spi.HistoryQuery;
import dev.wsm.core.spi.MessageStore;
import dev.wsm.core.spi.StoredMessage;
import dev.wsm.core.spi.StreamPosition;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Answers a client's {@code history} request with the stream position and a page of messages. */
final class HistoryQueryRunner {
  private final MessageStore messages;

  HistoryQueryRunner(MessageStore messages) {
    this.messages = messages;
  }

  record Page(StreamPosition position, List<StoredMessage> messages) {
    void write(JsonGenerator g, RoomId room) throws IOException {
      g.writeStringField("room", room.value());
      g.writeStringField("epoch", position.epoch());
      g.writeNumberField("lastOffset", position.lastOffset());
      g.writeArrayFieldStart("messages");
      for (StoredMessage m : messages) {
        g.writeStartObject();
        g.writeStringField("id", m.id().value());
        g.writeNumberField("offset", m.offset());
        if (m.from() != null) {
          g.writeStringField("from", m.from().value());
        }
        if (m.event() != null) {
          g.writeStringField("event", m.event());
        }
        if (m.parent() != null) {
          g.writeStringField("parent", m.parent().value());
        }
        if (m.binary()) {
          g.writeStringField("binary", Base64.getEncoder().encodeToString(m.data()));
        } else {
          g.writeFieldName("data");
          g.writeRawValue(new dev.wsm.core.protocol.RawUtf8(m.data()));
        }
        g.writeStringField("ts", m.timestamp().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
  }

  CompletionStage<Page> run(ClientFrame.History h) {
    HistoryQuery query = new HistoryQuery(h.after(), h.before(), h.since(), h.until(), h.parent(),
        h.limit(), h.newestFirst());
    return messages.position(h.room()).thenCompose(pos ->
        messages.history(h.room(), query).thenApply(list -> new Page(pos, list)));
  }
}
