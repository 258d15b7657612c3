package dev.wsm.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointTest {
  @Test
  void theRedactedUrlLeavesOutTheQueryThatCarriesUserAndDevice() {
    Endpoint endpoint = new Endpoint(URI.create("ws://localhost:8080/ws?x=1"), "ann b", "phone-1",
        null, null);
    assertThat(endpoint.redacted()).isEqualTo("ws://localhost:8080/ws");
  }
}
