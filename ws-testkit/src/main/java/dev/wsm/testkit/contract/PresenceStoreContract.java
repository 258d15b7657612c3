package dev.wsm.testkit.contract;

import static dev.wsm.testkit.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRecord;
import dev.wsm.core.spi.PresenceStore;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PresenceStore} must pass. To test a store, extend this class and return
 * a new, empty store:
 *
 * <pre>{@code
 * class SqlitePresenceStoreTest extends PresenceStoreContract {
 *   @Override
 *   protected PresenceStore createStore() {
 *     return new SqlitePresenceStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #createStore} is called before each test. The metadata JSON is kept as opaque text;
 * instants in the fixtures have millisecond precision.
 *
 * <p>A store that keeps presence across restarts overrides {@link #durable()} and {@link
 * #reopen()}: then every user's last saved presence must survive a reopen.
 */
public abstract class PresenceStoreContract {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");

  private PresenceStore store;

  /** A new, empty store. */
  protected abstract PresenceStore createStore();

  /** Whether the store keeps presence across {@link #reopen()}; false skips those tests. */
  protected boolean durable() {
    return false;
  }

  /**
   * Closes the store under test and returns a new store over the same data, as after a restart.
   * Called only when {@link #durable()} is true.
   */
  protected PresenceStore reopen() {
    throw new UnsupportedOperationException("this store does not claim durability");
  }

  @BeforeEach
  public final void createStoreUnderTest() {
    store = createStore();
  }

  @Test
  public void savedPresenceCanBeFound() {
    PresenceRecord record =
        new PresenceRecord(ADA, PresenceStatus.BUSY, "{\"mood\":\"focused\"}", NOW);

    await(store.save(record));

    assertThat(await(store.find(ADA))).contains(record);
  }

  @Test
  public void everyStatusCanBeSaved() {
    for (PresenceStatus status : PresenceStatus.values()) {
      PresenceRecord record = new PresenceRecord(ADA, status, "{}", NOW);

      await(store.save(record));

      assertThat(await(store.find(ADA))).contains(record);
    }
  }

  @Test
  public void findOfAnUnknownUserIsEmpty() {
    assertThat(await(store.find(UserId.of("nobody")))).isEmpty();
  }

  @Test
  public void lastWriteWins() {
    await(store.save(new PresenceRecord(ADA, PresenceStatus.ONLINE, "{\"a\":1}", NOW)));
    PresenceRecord latest =
        new PresenceRecord(ADA, PresenceStatus.OFFLINE, "{\"b\":2}", NOW.plusSeconds(90));

    await(store.save(latest));

    assertThat(await(store.find(ADA))).contains(latest);
  }

  @Test
  public void usersAreKeptApart() {
    PresenceRecord ada = new PresenceRecord(ADA, PresenceStatus.ONLINE, "{}", NOW);
    PresenceRecord bob = new PresenceRecord(BOB, PresenceStatus.AWAY, "{}", NOW.plusSeconds(1));

    await(store.save(ada));
    await(store.save(bob));

    assertThat(await(store.find(ADA))).contains(ada);
    assertThat(await(store.find(BOB))).contains(bob);
  }

  @Test
  public void lastSavedPresenceSurvivesAReopen() {
    Assumptions.assumeTrue(durable(), "this store does not claim durability");
    PresenceRecord ada =
        new PresenceRecord(ADA, PresenceStatus.BUSY, "{\"mood\":\"focused\"}", NOW);
    PresenceRecord bob = new PresenceRecord(BOB, PresenceStatus.OFFLINE, "{}", NOW.plusMillis(1));
    await(store.save(new PresenceRecord(ADA, PresenceStatus.ONLINE, "{}", NOW.minusSeconds(60))));
    await(store.save(ada));
    await(store.save(bob));

    store = reopen();

    assertThat(await(store.find(ADA))).contains(ada);
    assertThat(await(store.find(BOB))).contains(bob);
    assertThat(await(store.find(UserId.of("nobody")))).isEmpty();
  }
}
