/**
 * Contract suites for the {@code Transport} SPI of {@code dev.wsm.core.spi}: abstract JUnit 5 classes
 * that run a real hub over real sockets on the transport under test. A transport's test extends each
 * suite and implements one method returning its {@link dev.wsm.testkit.transport.TransportFixture}.
 * Every transport, ours and yours, passes the same suites.
 */
package dev.wsm.testkit.transport;
