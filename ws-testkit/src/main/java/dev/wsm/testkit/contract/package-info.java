/**
 * Contract suites for the store SPIs of {@code dev.wsm.core.spi}: abstract JUnit 5 classes that a
 * store's test extends by implementing one factory method. Every implementation, ours and yours,
 * passes the same suite.
 */
package dev.wsm.testkit.contract;
