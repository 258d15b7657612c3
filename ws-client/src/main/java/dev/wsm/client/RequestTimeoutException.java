package dev.wsm.client;

import java.time.Duration;

/**
 * A request got no reply within {@link WsmClientOptions#requestTimeout()}. The server may still
 * carry it out; a late reply is ignored. Its code is {@link WsmClientException#TIMEOUT}.
 */
public final class RequestTimeoutException extends WsmClientException {
  private final Duration timeout;

  public RequestTimeoutException(String type, Duration timeout) {
    super(TIMEOUT, "no reply to '" + type + "' within " + timeout.toMillis() + " ms");
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
