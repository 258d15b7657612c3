package dev.wsm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.ErrorCode;
import dev.wsm.store.sqlite.SqliteStoreException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SqliteStoreExceptionTest {
  @ParameterizedTest
  @EnumSource(Reason.class)
  void onlyAnOverloadedOrStoppedStoreIsUnavailableEveryOtherFailureIsInternal(Reason reason) {
    ErrorCode expected = reason == Reason.OVERLOADED || reason == Reason.NOT_RUNNING
        ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;

    assertThat(new SqliteStoreException(reason, "m").code()).isEqualTo(expected);
    assertThat(new SqliteStoreException(reason, "m", new RuntimeException()).code())
        .isEqualTo(expected);
    assertThat(new SqliteStoreException(reason, "m").reason()).isEqualTo(reason);
  }
}
