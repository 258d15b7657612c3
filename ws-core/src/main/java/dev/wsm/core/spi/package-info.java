/**
 * Service provider interfaces: what a transport, a store, a cluster bus or an authenticator
 * implements. Each is narrow, documented as a contract (threading, nullness, errors) and proven by a
 * contract suite in {@code ws-testkit}. SPIs grow only through {@code default} methods.
 */
package dev.wsm.core.spi;
