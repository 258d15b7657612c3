package dev.wsm.core;

import static dev.wsm.core.RecordDefaults.assertRecordedDefaults;
import static dev.wsm.core.RecordDefaults.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoomOptionsTest {
  private static final RoomOptions D = RoomOptions.DEFAULTS;

  @Test
  void defaultsArePinned() {
    assertRecordedDefaults(RoomOptions.DEFAULTS, defaults(
        "topic", "",
        "password", Optional.empty(),
        "memberLimit", 0,
        "ttl", Optional.empty(),
        "createdBy", null));
  }

  @Test
  void nullsBecomeEmptyValues() {
    RoomOptions options = new RoomOptions(null, null, 0, null, null);

    assertThat(options).isEqualTo(D);
  }

  @Test
  void withersSetTheirValue() {
    RoomOptions options = D.withTopic("chat").withPassword("pw").withMemberLimit(5)
        .withTtl(Duration.ofMinutes(10)).withCreatedBy(UserId.of("ada"));

    assertThat(options).isEqualTo(new RoomOptions("chat", Optional.of("pw"), 5,
        Optional.of(Duration.ofMinutes(10)), UserId.of("ada")));
  }

  @Test
  void acceptsTheLargestAllowedTopicAndPassword() {
    RoomOptions options = D.withTopic("t".repeat(256)).withPassword("p".repeat(1024));

    assertThat(options.topic()).hasSize(256);
    assertThat(options.password()).hasValueSatisfying(p -> assertThat(p).hasSize(1024));
  }

  @Test
  void refusesATopicOver256Characters() {
    assertThatIllegalArgumentException().isThrownBy(() -> D.withTopic("t".repeat(257)));
  }

  @Test
  void refusesAnEmptyOrOversizePassword() {
    assertThatIllegalArgumentException().isThrownBy(() -> D.withPassword(""));
    assertThatIllegalArgumentException().isThrownBy(() -> D.withPassword("p".repeat(1025)));
  }

  @Test
  void refusesANegativeMemberLimit() {
    assertThatIllegalArgumentException().isThrownBy(() -> D.withMemberLimit(-1));
  }

  @Test
  void refusesAZeroOrNegativeTtl() {
    assertThatIllegalArgumentException().isThrownBy(() -> D.withTtl(Duration.ZERO));
    assertThatIllegalArgumentException().isThrownBy(() -> D.withTtl(Duration.ofSeconds(-1)));
  }

  @Test
  void toStringNeverContainsThePassword() {
    RoomOptions options = D.withTopic("chat").withPassword("hunter2-secret");

    assertThat(options.toString()).doesNotContain("hunter2-secret").contains("private=true");
    assertThat(D.toString()).contains("private=false");
  }
}
