package dev.wsm.core;

import static dev.wsm.core.RecordDefaults.assertRecordedDefaults;
import static dev.wsm.core.RecordDefaults.defaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.wsm.core.spi.Principal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboxOptionsTest {
  @Test
  void defaultsArePinned() {
    assertRecordedDefaults(InboxOptions.DEFAULTS, defaults("ackScope", AckScope.USER));
  }

  @Test
  void aMissingAckScopeIsRefused() {
    assertThatNullPointerException().isThrownBy(() -> new InboxOptions(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "phone/1", "tablette-é", "x\n"})
  void deviceIdsOutsideTheSafeSetAreRefused(String value) {
    assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.of(value));
  }

  @Test
  void aDeviceIdIsAtMost64SafeCharacters() {
    assertThat(DeviceId.of("Phone_1.a:b-" + "x".repeat(52)).value()).hasSize(64);
    assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.of("x".repeat(65)));
  }

  @Test
  void theDeviceComesFromThePrincipalsMetadata() {
    UserId bob = UserId.of("bob");
    assertThat(DeviceId.from(Principal.of(bob))).isEmpty();
    assertThat(DeviceId.from(new Principal(bob, Set.of(), Set.of(), Map.of("device", "phone"))))
        .contains(DeviceId.of("phone"));
    assertThatIllegalArgumentException().isThrownBy(() -> DeviceId.from(
        new Principal(bob, Set.of(), Set.of(), Map.of("device", "no spaces"))));
  }
}
