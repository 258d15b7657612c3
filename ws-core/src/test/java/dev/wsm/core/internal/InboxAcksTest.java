package dev.wsm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.MessageId;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.StoredMessage;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InboxAcksTest {
  private static StoredMessage at(String id, long seq) {
    return new StoredMessage(MessageId.of(id), null, UserId.of("bob"), null, null, new byte[] {'1'},
        false, null, Instant.EPOCH, null, seq);
  }

  private final List<StoredMessage> pending = List.of(at("a", 3), at("b", 7), at("c", 9));

  @Test
  void anIdAckCoversTheLeadingRunOfNamedMessages() {
    assertThat(InboxAcks.leadingRun(pending, Set.of(MessageId.of("a"), MessageId.of("b"))))
        .isEqualTo(7);
  }

  @Test
  void messagesNamedAfterAGapAreNotCovered() {
    assertThat(InboxAcks.leadingRun(pending, Set.of(MessageId.of("a"), MessageId.of("c"))))
        .isEqualTo(3);
    assertThat(InboxAcks.leadingRun(pending, Set.of(MessageId.of("b"), MessageId.of("c"))))
        .isZero();
  }

  @Test
  void nothingPendingCoversNothing() {
    assertThat(InboxAcks.leadingRun(List.of(), Set.of(MessageId.of("a")))).isZero();
  }
}
