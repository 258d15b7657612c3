package dev.wsm.core.spi;

/**
 * Decides at the handshake who a connection belongs to. Called on a transport thread for every
 * upgrade request: it must be fast and must not block on I/O (verify signatures, look up caches).
 * Must not throw; an exception is treated as a refusal with 500 and logged.
 */
@FunctionalInterface
public interface Authenticator {
  AuthResult authenticate(Handshake handshake);
}
