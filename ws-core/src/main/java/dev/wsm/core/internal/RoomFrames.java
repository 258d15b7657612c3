package dev.wsm.core.internal;

import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ServerFrames;
import dev.wsm.core.spi.Access;
import dev.wsm.core.spi.MessageStore;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * A client's room membership: {@code join} (answered with the room and where its stream stands),
 * {@code leave} and {@code members}.
 *
 * <p>Threading: called on the connection's transport thread. Never blocks: the room registry's and
 * the stores' stages complete on their own threads, where the reply is sent.
 */
@Singleton
public final class RoomFrames {
  private final DefaultRoomRegistry rooms;
  private final DefaultPresenceTracker presence;
  private final MessageStore messages;
  private final RoomFanout fanout;
  private final Requests requests;

  @Inject
  public RoomFrames(DefaultRoomRegistry rooms, DefaultPresenceTracker presence,
      MessageStore messages, RoomFanout fanout, Requests requests) {
    this.rooms = rooms;
    this.presence = presence;
    this.messages = messages;
    this.fanout = fanout;
    this.requests = requests;
  }

  void join(LiveConnection c, ClientFrame.Join j) {
    var joined = requests.allowed(new Access.Join(c, j.room()),
        () -> rooms.join(c.id(), j.room(), j.password())).thenCompose(room ->
        messages.position(room.id()).thenApply(pos -> {
          fanout.trackFrom(room.id(), pos.lastOffset());
          return Map.entry(room, pos);
        }));
    requests.reply(c, j.ref(), joined, entry -> g -> {
      var room = entry.getKey();
      g.writeObjectFieldStart("room");
      g.writeStringField("name", room.id().value());
      g.writeStringField("topic", room.topic());
      g.writeBooleanField("private", room.isPrivate());
      g.writeNumberField("memberLimit", room.memberLimit());
      if (room.expiresAt().isPresent()) {
        g.writeStringField("expiresAt", room.expiresAt().get().toString());
      }
      g.writeEndObject();
      g.writeObjectFieldStart("stream");
      g.writeStringField("epoch", entry.getValue().epoch());
      g.writeNumberField("offset", entry.getValue().lastOffset());
      g.writeEndObject();
    });
  }

  void leave(LiveConnection c, ClientFrame.Leave l) {
    presence.left(c, l.room());
    requests.reply(c, l.ref(), rooms.leave(c, l.room()),
        left -> g -> g.writeBooleanField("left", left));
  }

  void members(LiveConnection c, ClientFrame.Members m) {
    requests.reply(c, m.ref(), requests.asMember(c, m.room(), new Access.Members(c, m.room()),
        () -> new MembersQuery(rooms, presence).run(m.room())), list -> g -> {
          g.writeStringField("room", m.room().value());
          g.writeArrayFieldStart("members");
          for (var p : list) {
            g.writeStartObject();
            ServerFrames.writePresenceFields(g, p);
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }
}
