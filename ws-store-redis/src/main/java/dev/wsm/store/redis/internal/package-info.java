/** Internals of the Redis store and bus; may change without notice. */
package dev.wsm.store.redis.internal;
