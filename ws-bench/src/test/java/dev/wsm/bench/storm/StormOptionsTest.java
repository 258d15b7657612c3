package dev.wsm.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StormOptionsTest {
  private static StormOptions options(String url, int clients, int rooms, int steady) {
    return new StormOptions(URI.create(url), 0, clients, rooms, steady, 200, 100, 500,
        Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), 5,
        Duration.ofSeconds(120), Duration.ofSeconds(10), null, 1);
  }

  @Test
  void tenThousandClientsInAHundredRoomsAreAccepted() {
    StormOptions o = options("ws://127.0.0.1:8080/ws", 10_000, 100, 100);
    assertThat(o.clients()).isEqualTo(10_000);
    assertThat(o.label()).isEqualTo("wsm");
  }

  @Test
  void moreClientsThanTheFileLimitAllowsAreRefusedWithTheLimit() {
    assertThatThrownBy(() -> options("ws://127.0.0.1:8080/ws", 19_000, 100, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("19000");
  }

  @Test
  void moreRoomsThanThePublisherMayJoinAreRefused() {
    assertThatThrownBy(() -> options("ws://127.0.0.1:8080/ws", 100, 101, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rooms");
  }

  @Test
  void anUrlThatIsNotWsIsRefused() {
    assertThatThrownBy(() -> options("http://127.0.0.1:8080/ws", 100, 10, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
  }
}
