package dev.wsm.cli;

import dev.wsm.core.LimitOptions;
import dev.wsm.core.RateLimit;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The abuse-limit options of {@code wsm serve} (a picocli mixin), turned into {@link LimitOptions}
 * by {@link #toOptions()}, which throws {@link IllegalArgumentException} with a one-line message for
 * a bad value.
 */
final class LimitFlags {
  private static final Pattern RATE = Pattern.compile("(\\d{1,9})/(s|m|h)");
  private static final Pattern TYPE_RATE = Pattern.compile("([^=]+)=([^:]+)(?::(\\d{1,9}))?");

  @Option(names = "--rate-limit", defaultValue = "${env:WSM_RATE_LIMIT:-10/s}",
      description = "Inbound messages per connection: N/s, N/m, N/h or off "
          + "(env WSM_RATE_LIMIT, default ${DEFAULT-VALUE}).")
  String rateLimit;

  @Option(names = "--rate-burst", defaultValue = "${env:WSM_RATE_BURST:-20}",
      description = "Messages a connection may send at once before its rate applies "
          + "(env WSM_RATE_BURST, default ${DEFAULT-VALUE}).")
  long rateBurst;

  @Option(names = "--user-rate-limit", defaultValue = "${env:WSM_USER_RATE_LIMIT:-20/s}",
      description = "Inbound messages per user over all its connections: N/s, N/m, N/h or off "
          + "(env WSM_USER_RATE_LIMIT, default ${DEFAULT-VALUE}).")
  String userRateLimit;

  @Option(names = "--user-rate-burst", defaultValue = "${env:WSM_USER_RATE_BURST:-40}",
      description = "A user's burst (env WSM_USER_RATE_BURST, default ${DEFAULT-VALUE}).")
  long userRateBurst;

  @Option(names = "--type-rate-limit", paramLabel = "TYPE=RATE[:BURST]",
      description = "A message type's own per-connection rate, e.g. typing=5/s:5, or TYPE=off to "
          + "exempt it from every rate limit. Repeatable.")
  List<String> typeRateLimits;

  @Option(names = "--max-rate-violations", defaultValue = "${env:WSM_MAX_RATE_VIOLATIONS:-10}",
      description = "Rate-limited messages within 10 s that close the connection with 4008; "
          + "0 never closes (default ${DEFAULT-VALUE}).")
  int maxViolations;

  @Option(names = "--max-protocol-errors", defaultValue = "${env:WSM_MAX_PROTOCOL_ERRORS:-10}",
      description = "Invalid messages within 60 s that close the connection with 4002; "
          + "0 never closes (default ${DEFAULT-VALUE}).")
  int maxErrors;

  @Option(names = "--max-connections-per-ip", defaultValue = "${env:WSM_MAX_CONNECTIONS_PER_IP:-100}",
      description = "Open connections from one address; more are refused with HTTP 429; "
          + "0 for no limit (default ${DEFAULT-VALUE}).")
  int maxConnectionsPerIp;

  @Option(names = "--allowed-origin", split = ",", paramLabel = "ORIGIN",
      defaultValue = "${env:WSM_ALLOWED_ORIGINS}",
      description = "An Origin browsers may connect from, exactly as sent (https://app.example.com);"
          + " others get HTTP 403. Repeatable or comma-separated (env WSM_ALLOWED_ORIGINS). "
          + "None given: every origin (development).")
  List<String> allowedOrigins;

  LimitOptions toOptions() {
    Map<String, RateLimit> types = new HashMap<>();
    for (String entry : typeRateLimits == null ? List.<String>of() : typeRateLimits) {
      Matcher m = TYPE_RATE.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "--type-rate-limit must be TYPE=RATE[:BURST], e.g. typing=5/s:5 (was '" + entry + "')");
      }
      RateLimit rate = rate("--type-rate-limit " + m.group(1), m.group(2),
          m.group(3) == null ? rateBurst : Long.parseLong(m.group(3)));
      if (types.put(m.group(1), rate) != null) {
        throw new IllegalArgumentException("--type-rate-limit names '" + m.group(1) + "' twice");
      }
    }
    return LimitOptions.DEFAULTS
        .withConnectionRate(rate("--rate-limit", rateLimit, rateBurst))
        .withUserRate(rate("--user-rate-limit", userRateLimit, userRateBurst))
        .withTypeRates(types)
        .withMaxViolations(maxViolations, LimitOptions.DEFAULTS.violationWindow())
        .withMaxErrors(maxErrors, LimitOptions.DEFAULTS.errorWindow())
        .withMaxConnectionsPerIp(maxConnectionsPerIp)
        .withAllowedOrigins(new HashSet<>(allowedOrigins == null ? List.of() : allowedOrigins));
  }

  /** Reads {@code N/s}, {@code N/m}, {@code N/h} or {@code off}. */
  static RateLimit rate(String flag, String value, long burst) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("off")) {
      return RateLimit.OFF;
    }
    Matcher m = RATE.matcher(v);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          flag + " must be N/s, N/m or N/h with N at least 1, or off (was '" + value + "')");
    }
    if (burst < 1) {
      throw new IllegalArgumentException(flag + ": the burst must be at least 1 (was " + burst + ")");
    }
    Duration period = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      default -> Duration.ofHours(1);
    };
    return new RateLimit(Long.parseLong(m.group(1)), period, burst);
  }
}
