package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsm.store.redis.internal.RedisConnector;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisConnectorTest {

  @Test
  void aStartedConnectorTalksToTheServer() {
    RedisTestServer server = RedisTestServer.shared();
    RedisOptions options = server.options();
    RedisConnector connector = new RedisConnector(options);
    connector.start();
    try {
      connector.connection().sync().set(options.keyPrefix() + "k", "v");
      assertThat(connector.connection().sync().get(options.keyPrefix() + "k")).isEqualTo("v");
    } finally {
      connector.stop(Duration.ofSeconds(1));
      server.deleteKeys(options.keyPrefix());
    }
  }

  @Test
  void anUnreachableServerFailsTheStartWithCannotConnectAndNoPassword() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RedisOptions options = RedisOptions.at("redis://:sekrit@127.0.0.1:" + port)
        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1));
    RedisConnector connector = new RedisConnector(options);
    assertThatThrownBy(connector::start)
        .isInstanceOfSatisfying(RedisStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(RedisStoreException.Reason.CANNOT_CONNECT))
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageNotContaining("sekrit");
  }

  @Test
  void optionsRefuseAUriThatIsNotRedis() {
    assertThatThrownBy(() -> RedisOptions.at("http://localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://");
  }
}
