package dev.wsm.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReconnectTest {
  @ParameterizedTest
  @ValueSource(ints = {1001, 1006, 1009, 1011, 1012, 1013, 1014, 4000, 4001, 4002, 4099})
  void reconnectsAfterCausesThatMayPass(int code) {
    assertThat(Reconnect.afterClose(code)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1002, 1003, 1007, 1008, 1010, 4003, 4029, 4100, 4999, 3000})
  void staysClosedWhenTheServerSaidNotToComeBackOrWouldRefuseAgain(int code) {
    assertThat(Reconnect.afterClose(code)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 502, 503})
  void retriesRefusedUpgradesThatMayPass(int status) {
    assertThat(Reconnect.afterRefusal(status)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404})
  void givesUpOnRefusedUpgradesThatWillNotChange(int status) {
    assertThat(Reconnect.afterRefusal(status)).isFalse();
  }
}
