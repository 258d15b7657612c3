package dev.wsm.bench.storm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StormClientTest {
  private static StormClient clientAt(long offset) {
    StormClient c = new StormClient(0, 0, StormClient.Kind.CLIENT, "t");
    c.offset = offset;
    return c;
  }

  @Test
  void consecutiveOffsetsAreNeitherLostNorDuplicated() {
    StormClient c = clientAt(41);
    c.see(42);
    c.see(43);
    assertThat(c.offset).isEqualTo(43);
    assertThat(c.lost).isZero();
    assertThat(c.duplicates).isZero();
  }

  @Test
  void anOffsetAlreadySeenIsADuplicate() {
    StormClient c = clientAt(41);
    c.see(42);
    c.see(42);
    c.see(40);
    assertThat(c.duplicates).isEqualTo(2);
    assertThat(c.offset).isEqualTo(42);
  }

  @Test
  void aGapCountsEverySkippedOffsetAsLost() {
    StormClient c = clientAt(10);
    c.see(14);
    assertThat(c.lost).isEqualTo(3);
    assertThat(c.offset).isEqualTo(14);
  }

  @Test
  void afterRecoveredFalseTheNextMessageStartsTheCheckAfreshAndNothingSinceResumeCounts() {
    StormClient c = clientAt(10);
    c.resuming();
    c.see(25); // a live message during the resume: a gap of 14, until the server says not recovered
    c.notRecovered(30);
    assertThat(c.lost).isZero();
    c.see(29); // published before the frame, delivered after it
    c.see(30);
    c.see(32);
    assertThat(c.duplicates).isZero();
    assertThat(c.lost).isEqualTo(1);
  }
}
