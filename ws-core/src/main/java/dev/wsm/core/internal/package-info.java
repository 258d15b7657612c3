/**
 * wsm's implementation of the core roles. Internal: may change without notice. Program against
 * {@code dev.wsm.core} and {@code dev.wsm.core.spi}.
 */
package dev.wsm.core.internal;
