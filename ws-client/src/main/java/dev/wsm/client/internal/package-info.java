/**
 * The parts of {@link dev.wsm.client.WsmClient}: the connection and its reconnects, the request
 * correlator, room stream positions and resume, event dispatch. Internal: may change without
 * notice. Program against {@code dev.wsm.client}.
 */
package dev.wsm.client.internal;
