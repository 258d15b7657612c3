package dev.wsm.testkit.contract;

import dev.wsm.core.internal.InMemoryConnectionQuota;
import dev.wsm.core.spi.ConnectionQuota;

class InMemoryConnectionQuotaTest extends ConnectionQuotaContract {
  @Override
  protected ConnectionQuota createQuota() {
    return new InMemoryConnectionQuota();
  }
}
