package dev.wsm.core.internal;

import dev.wsm.core.Presence;
import dev.wsm.core.RoomId;
import dev.wsm.core.UserId;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A room's members with their presence, ordered by user id. */
final class MembersQuery {
  private final DefaultRoomRegistry rooms;
  private final DefaultPresenceTracker presence;

  MembersQuery(DefaultRoomRegistry rooms, DefaultPresenceTracker presence) {
    this.rooms = rooms;
    this.presence = presence;
  }

  CompletionStage<List<Presence>> run(RoomId room) {
    return rooms.members(room).thenCompose(users -> {
      List<CompletableFuture<Presence>> each = users.stream().sorted(Comparator.comparing(UserId::value))
          .map(u -> presence.presence(u).toCompletableFuture()).toList();
      return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
          .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    });
  }
}
