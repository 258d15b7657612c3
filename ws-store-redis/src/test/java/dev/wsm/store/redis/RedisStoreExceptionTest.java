package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ErrorCode;
import dev.wsm.store.redis.RedisStoreException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RedisStoreExceptionTest {
  @ParameterizedTest
  @EnumSource(Reason.class)
  void onlyAnOverloadedOrStoppedStoreIsUnavailableEveryOtherFailureIsInternal(Reason reason) {
    ErrorCode expected = reason == Reason.OVERLOADED || reason == Reason.NOT_RUNNING
        ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;

    assertThat(new RedisStoreException(reason, "m").code()).isEqualTo(expected);
    assertThat(new RedisStoreException(reason, "m", new RuntimeException()).code())
        .isEqualTo(expected);
    assertThat(new RedisStoreException(reason, "m").reason()).isEqualTo(reason);
  }
}
