package dev.wsm.testkit.contract;

import static dev.wsm.testkit.contract.Stages.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.PresenceStatus;
import dev.wsm.core.UserId;
import dev.wsm.core.spi.PresenceRecord;
import dev.wsm.core.spi.PresenceStore;
import java.time.Instant;
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
 */
public abstract class PresenceStoreContract {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final UserId ADA = UserId.of("ada");
  private static final UserId BOB = UserId.of("bob");

  private PresenceStore store;

  /** A new, empty store. */
  protected abstract PresenceStore createStore();

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
}
