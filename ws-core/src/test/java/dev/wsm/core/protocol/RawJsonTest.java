package dev.wsm.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RawJsonTest {
  @Test
  void aTreeBecomesItsCompactTextAndParsesBackToAnEqualTree() throws Exception {
    JsonNode tree = new ObjectMapper().readTree("{ \"a\" : [1, \"\\u00e9\", null] }");

    RawJson raw = RawJson.of(tree);

    assertThat(raw.toString()).isEqualTo("{\"a\":[1,\"\u00e9\",null]}");
    assertThat(raw.tree()).isEqualTo(tree);
    assertThat(raw.tree()).isNotSameAs(raw.tree());
  }

  @Test
  void twoValuesAreEqualWhenTheirBytesAre() {
    RawJson one = RawJson.trusted("[1,2]".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(one).isEqualTo(RawJson.of(new ObjectMapper().createArrayNode().add(1).add(2)))
        .hasSameHashCodeAs(RawJson.of(new ObjectMapper().createArrayNode().add(1).add(2)));
    assertThat(one).isNotEqualTo(RawJson.trusted("[1, 2]".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
