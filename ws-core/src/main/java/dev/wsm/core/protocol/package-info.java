/**
 * The wire protocol (version 1, {@code docs/protocol.md}): client frames as sealed records, their
 * decoder, and the encoder of server frames. Public because clients and tools speak it too.
 */
package dev.wsm.core.protocol;
