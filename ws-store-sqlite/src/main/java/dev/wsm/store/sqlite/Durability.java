package dev.wsm.store.sqlite;

/**
 * What a completed write survives. Every write completes only after the transaction (batch) holding
 * it has committed; this chooses how far that commit goes. The database runs in WAL mode either way.
 */
public enum Durability {
  /**
   * {@code synchronous=NORMAL}: a committed write survives the wsm process being killed ({@code kill
   * -9}, a crash, an out-of-memory kill). The newest commits may be lost if the machine itself loses
   * power or the kernel crashes; the database stays consistent. Costs no fsync per commit.
   */
  PROCESS_CRASH,
  /**
   * {@code synchronous=FULL}: a committed write also survives power loss and kernel crashes: the WAL
   * is fsynced at each commit. Batching spreads one fsync over every write in the batch.
   */
  POWER_LOSS
}
