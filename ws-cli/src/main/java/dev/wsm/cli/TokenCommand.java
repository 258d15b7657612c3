package dev.wsm.cli;

import dev.wsm.auth.JwtSigner;
import dev.wsm.core.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wsm token}: prints an HS256 test token that {@code wsm serve --jwt-secret} accepts. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print a signed test JWT (HS256) for a user, for servers run with --jwt-secret.")
final class TokenCommand implements Callable<Integer> {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})([smhd])");

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--user", required = true, description = "The user id (the sub claim).")
  String user;

  @Option(names = "--role", description = "A role (repeatable).")
  List<String> roles = List.of();

  @Option(names = "--ttl", defaultValue = "1h",
      description = "How long the token is valid: 30s, 15m, 1h, 7d or ISO-8601 (default ${DEFAULT-VALUE}).")
  String ttl;

  @Option(names = "--secret", defaultValue = "${env:WSM_JWT_SECRET}",
      description = "The signing secret, at least 32 bytes (env WSM_JWT_SECRET).")
  String secret;

  @Option(names = "--issuer", defaultValue = "${env:WSM_JWT_ISSUER}",
      description = "The iss claim (env WSM_JWT_ISSUER).")
  String issuer;

  @Option(names = "--audience", defaultValue = "${env:WSM_JWT_AUDIENCE}",
      description = "The aud claim (env WSM_JWT_AUDIENCE).")
  String audience;

  @Override
  public Integer call() {
    CommandLine cli = spec.commandLine();
    if (secret == null || secret.isEmpty()) {
      throw new CommandLine.ParameterException(cli, "a secret is needed: --secret or env WSM_JWT_SECRET");
    }
    String token;
    try {
      token = new JwtSigner(secret).sign(new UserId(user), new LinkedHashSet<>(roles), duration(ttl),
          Optional.ofNullable(issuer), Optional.ofNullable(audience), Instant.now());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    cli.getOut().println(token);
    cli.getOut().flush();
    return 0;
  }

  /** {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}, or an ISO-8601 duration; positive. */
  static Duration duration(String text) {
    Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("ttl must look like 30s, 15m, 1h, 7d or PT1H (was " + text + ")");
      }
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("ttl must be positive (was " + text + ")");
    }
    return d;
  }
}
