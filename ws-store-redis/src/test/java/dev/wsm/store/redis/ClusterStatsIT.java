package dev.wsm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsm.core.spi.ConnectionStats;
import dev.wsm.core.spi.ConnectionStore;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection stats over three real nodes sharing one Redis: every node answers the same
 * cluster-wide counts, and a user with devices on two nodes is one user.
 */
class ClusterStatsIT {
  private Cluster cluster;

  @BeforeEach
  void startThreeNodes() {
    cluster = new Cluster();
  }

  @AfterEach
  void stopEverything() {
    cluster.close();
  }

  private static ConnectionStats stats(TestServer node) throws Exception {
    return node.get(ConnectionStore.class).stats().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Waits until every node counts {@code active} connections and {@code users} users. */
  private void awaitCounts(long active, long users) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    for (TestServer node : List.of(cluster.a, cluster.b, cluster.c)) {
      ConnectionStats s = stats(node);
      while (s.active() != active || s.users() != users) {
        assertThat(System.nanoTime() - deadline)
            .as("%d connections of %d users, was %s", active, users, s).isNegative();
        Thread.sleep(50);
        s = stats(node);
      }
    }
  }

  @Test
  void everyNodeCountsTheDistinctUsersOfTheWholeCluster() throws Exception {
    TestClient adaPhone = cluster.connect(cluster.a, "ada");
    TestClient adaLaptop = cluster.connect(cluster.b, "ada");
    cluster.connect(cluster.c, "bob");
    cluster.connect(cluster.c, "cy");

    awaitCounts(4, 3);

    adaPhone.close();
    awaitCounts(3, 3);
    adaLaptop.close();
    awaitCounts(2, 2);
  }
}
