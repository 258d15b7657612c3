package dev.wsm.testkit.contract;

import static dev.wsm.testkit.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRoster;
import dev.wsm.core.spi.PresenceRoster.Aggregate;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PresenceRoster} must pass, seen from one node. To test a roster, extend
 * this class and return a new, empty one from {@link #createRoster}, called before each test. A put
 * replaces the node's view and answers the aggregate; metadata stays until replaced, and goes with
 * the last view (the put that removes it still answers it).
 */
public abstract class PresenceRosterContract {
  /** Whole milliseconds: stores may keep no finer time. */
  protected static final Instant T1 = Instant.parse("2030-01-01T00:00:01Z");
  protected static final Instant T2 = Instant.parse("2030-01-01T00:00:02Z");

  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");

  private PresenceRoster roster;

  /** A new, empty roster. */
  protected abstract PresenceRoster createRoster();

  @BeforeEach
  public final void createRosterUnderTest() {
    roster = createRoster();
  }

  @Test
  void aUserNoNodeHoldsIsOfflineWithNoDevices() {
    assertThat(await(roster.get(ADA))).isEqualTo(Aggregate.NONE);
  }

  @Test
  void aPutIsAnsweredAndReadAsTheAggregate() {
    Aggregate put = await(roster.put(ADA, PresenceStatus.BUSY, 2, T1, "{\"mood\":\"ok\"}"));

    Aggregate expected = new Aggregate(PresenceStatus.BUSY, 2, T1, "{\"mood\":\"ok\"}");
    assertThat(put).isEqualTo(expected);
    assertThat(await(roster.get(ADA))).isEqualTo(expected);
    assertThat(await(roster.get(BOB))).isEqualTo(Aggregate.NONE);
  }

  @Test
  void aPutReplacesTheNodesViewAndKeepsTheMetadataWhenGivenNone() {
    await(roster.put(ADA, PresenceStatus.ONLINE, 2, T1, "{\"a\":1}"));

    Aggregate after = await(roster.put(ADA, PresenceStatus.AWAY, 1, T2, null));

    assertThat(after).isEqualTo(new Aggregate(PresenceStatus.AWAY, 1, T2, "{\"a\":1}"));
  }

  @Test
  void newMetadataReplacesTheOld() {
    await(roster.put(ADA, PresenceStatus.ONLINE, 1, T1, "{\"a\":1}"));

    assertThat(await(roster.put(ADA, PresenceStatus.ONLINE, 1, T1, "{\"b\":2}")).metaJson())
        .isEqualTo("{\"b\":2}");
  }

  @Test
  void theLastViewGoneAnswersOfflineWithTheMetadataOnceAndThenNothing() {
    await(roster.put(ADA, PresenceStatus.ONLINE, 1, T1, "{\"a\":1}"));

    Aggregate gone = await(roster.put(ADA, PresenceStatus.OFFLINE, 0, T2, null));

    assertThat(gone.status()).isEqualTo(PresenceStatus.OFFLINE);
    assertThat(gone.devices()).isZero();
    assertThat(gone.metaJson()).isEqualTo("{\"a\":1}");
    assertThat(await(roster.get(ADA))).isEqualTo(Aggregate.NONE);
  }
}
