package dev.wsm.core;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Abuse limits: inbound rate limits, the error threshold, connection caps per address and the
 * Origin allowlist. Immutable; start from {@link #DEFAULTS} and change with the {@code with…}
 * methods; every value is validated here. (The per-user connection cap, the rooms per connection
 * and the message size live in {@link HubOptions} and the transport options.)
 *
 * @param connectionRate inbound messages one connection may send (default 10/s, burst 20, as the Go
 *     hub wsm replaces); {@link RateLimit#OFF} for none
 * @param userRate inbound messages one user may send over all its connections on this node (default
 *     20/s, burst 40); {@link RateLimit#OFF} for none
 * @param typeRates per message {@code type} ({@code publish}, {@code typing}, a custom type, {@code
 *     binary} for binary frames): a listed type draws from a bucket of its own per connection with
 *     this rate instead of {@code connectionRate}, and still from the user's bucket; a type mapped to
 *     {@link RateLimit#OFF} is exempt from every rate limit (default: none listed)
 * @param maxViolations rate-limited messages within {@code violationWindow} after which the
 *     connection is closed with {@link CloseCodes#RATE_LIMITED} (default 10; 0 = never close, only
 *     reply {@code rate_limited})
 * @param violationWindow the window of {@code maxViolations} (default 10 s)
 * @param maxErrors protocol errors (undecodable, unknown-type or malformed messages) within {@code
 *     errorWindow} after which the connection is closed with {@link CloseCodes#TOO_MANY_ERRORS}
 *     (default 10; 0 = never)
 * @param errorWindow the window of {@code maxErrors} (default 60 s)
 * @param maxConnectionsPerIp open connections from one remote address on this node; the next
 *     handshake is refused with HTTP 429 (default 100; 0 = no limit)
 * @param allowedOrigins exact {@code Origin} header values (scheme://host[:port]) a browser
 *     handshake may carry; another Origin is refused with HTTP 403. A handshake without an Origin
 *     header (not a browser) is not checked. Empty = every origin (default; fine for development,
 *     set it in production)
 */
public record LimitOptions(
    RateLimit connectionRate,
    RateLimit userRate,
    Map<String, RateLimit> typeRates,
    int maxViolations,
    Duration violationWindow,
    int maxErrors,
    Duration errorWindow,
    int maxConnectionsPerIp,
    Set<String> allowedOrigins) {

  public static final LimitOptions DEFAULTS = new LimitOptions(
      RateLimit.perSecond(10, 20),
      RateLimit.perSecond(20, 40),
      Map.of(),
      10,
      Duration.ofSeconds(10),
      10,
      Duration.ofSeconds(60),
      100,
      Set.of());

  /** Every limit off and every origin allowed: for tests and benchmarks, never for production. */
  public static final LimitOptions NONE = new LimitOptions(RateLimit.OFF, RateLimit.OFF, Map.of(),
      0, Duration.ofSeconds(10), 0, Duration.ofSeconds(60), 0, Set.of());

  private static final Pattern TYPE = Pattern.compile("[a-z0-9_.:-]{1,64}");
  private static final Pattern ORIGIN =
      Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#\\s]+");

  public LimitOptions {
    required("connectionRate", connectionRate);
    required("userRate", userRate);
    typeRates = Map.copyOf(required("typeRates", typeRates));
    for (var entry : typeRates.entrySet()) {
      if (!TYPE.matcher(entry.getKey()).matches()) {
        throw new IllegalArgumentException("typeRates: a message type is 1-64 characters of"
            + " a-z 0-9 _ . : - (was '" + entry.getKey() + "')");
      }
    }
    atLeast("maxViolations", maxViolations, 0);
    positive("violationWindow", violationWindow);
    atLeast("maxErrors", maxErrors, 0);
    positive("errorWindow", errorWindow);
    atLeast("maxConnectionsPerIp", maxConnectionsPerIp, 0);
    allowedOrigins = Set.copyOf(required("allowedOrigins", allowedOrigins));
    for (String origin : allowedOrigins) {
      if (!ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException("an allowed origin is scheme://host[:port] with no path,"
            + " e.g. https://app.example.com (was '" + origin + "')");
      }
    }
  }

  private static <T> T required(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be given");
    }
    return value;
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }

  private static void atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + " (was " + value + ")");
    }
  }

  public LimitOptions withConnectionRate(RateLimit value) {
    return new LimitOptions(value, userRate, typeRates, maxViolations, violationWindow, maxErrors,
        errorWindow, maxConnectionsPerIp, allowedOrigins);
  }

  public LimitOptions withUserRate(RateLimit value) {
    return new LimitOptions(connectionRate, value, typeRates, maxViolations, violationWindow,
        maxErrors, errorWindow, maxConnectionsPerIp, allowedOrigins);
  }

  public LimitOptions withTypeRates(Map<String, RateLimit> value) {
    return new LimitOptions(connectionRate, userRate, value, maxViolations, violationWindow,
        maxErrors, errorWindow, maxConnectionsPerIp, allowedOrigins);
  }

  public LimitOptions withMaxViolations(int value, Duration window) {
    return new LimitOptions(connectionRate, userRate, typeRates, value, window, maxErrors,
        errorWindow, maxConnectionsPerIp, allowedOrigins);
  }

  public LimitOptions withMaxErrors(int value, Duration window) {
    return new LimitOptions(connectionRate, userRate, typeRates, maxViolations, violationWindow,
        value, window, maxConnectionsPerIp, allowedOrigins);
  }

  public LimitOptions withMaxConnectionsPerIp(int value) {
    return new LimitOptions(connectionRate, userRate, typeRates, maxViolations, violationWindow,
        maxErrors, errorWindow, value, allowedOrigins);
  }

  public LimitOptions withAllowedOrigins(Set<String> value) {
    return new LimitOptions(connectionRate, userRate, typeRates, maxViolations, violationWindow,
        maxErrors, errorWindow, maxConnectionsPerIp, value);
  }
}
