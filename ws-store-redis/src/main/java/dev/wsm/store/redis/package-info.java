/**
 * The store SPI and the cluster bus on Redis (Lettuce): {@link dev.wsm.store.redis.RedisStoreModule}
 * and its {@link dev.wsm.store.redis.RedisOptions}.
 */
package dev.wsm.store.redis;
