package dev.wsm.store.sqlite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.HubOptions;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rooms-per-connection limit on a store whose joins complete later, on its own thread. */
class SqliteRoomLimitIT {
  @TempDir
  Path dir;

  @Test
  void theRoomsPerConnectionLimitHoldsForJoinsSentWithoutWaiting() {
    try (TestServer server = TestServer.start(HubOptions.DEFAULTS.withMaxRoomsPerConnection(3),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)),
        new SqliteStoreModule(SqliteOptions.at(dir.resolve("wsm.db"))));
        TestClient c = server.connect("collector")) {
      for (int i = 0; i < 20; i++) {
        c.send("type", "join", "ref", "j" + i, "room", "room-" + i);
      }
      for (int i = 0; i < 20; i++) {
        String ref = "j" + i;
        c.await(f -> ref.equals(f.path("ref").asText()), Duration.ofSeconds(10));
      }
      List<JsonNode> replies = c.received().stream()
          .filter(f -> f.path("ref").asText().startsWith("j")).toList();
      assertThat(replies.stream().filter(f -> f.path("ok").asBoolean()).count()).isEqualTo(3);
      assertThat(c.request("type", "members", "room", "room-19").path("ok").asBoolean()).isFalse();
    }
  }
}
