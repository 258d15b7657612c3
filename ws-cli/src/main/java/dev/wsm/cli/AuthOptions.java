package dev.wsm.cli;

import com.google.inject.Module;
import dev.wsm.auth.JwtAuthModule;
import dev.wsm.auth.JwtOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The authentication options of {@code wsm serve}: JWT with a shared secret or a public key. */
final class AuthOptions {
  @Option(names = "--jwt-secret", defaultValue = "${env:WSM_JWT_SECRET}",
      description = "Accept JWTs signed (HS256/384/512) with this secret, at least 32 bytes "
          + "(env WSM_JWT_SECRET; prefer the environment: arguments show in ps).")
  String secret;

  @Option(names = "--jwt-public-key", paramLabel = "FILE", defaultValue = "${env:WSM_JWT_PUBLIC_KEY}",
      description = "Accept JWTs signed with the private half of this RSA or EC public key "
          + "(PEM, BEGIN PUBLIC KEY) (env WSM_JWT_PUBLIC_KEY).")
  Path publicKey;

  @Option(names = "--jwt-issuer", defaultValue = "${env:WSM_JWT_ISSUER}",
      description = "Require this iss claim (env WSM_JWT_ISSUER).")
  String issuer;

  @Option(names = "--jwt-audience", defaultValue = "${env:WSM_JWT_AUDIENCE}",
      description = "Require this value in the aud claim (env WSM_JWT_AUDIENCE).")
  String audience;

  private String description;

  /** The module that binds the configured authenticator, or null when none is (development mode). */
  Module module(CommandLine cli) {
    if (secret != null && publicKey != null) {
      throw new CommandLine.ParameterException(cli, "give --jwt-secret or --jwt-public-key, not both");
    }
    if (secret == null && publicKey == null) {
      if (issuer != null || audience != null) {
        throw new CommandLine.ParameterException(cli,
            "--jwt-issuer and --jwt-audience need --jwt-secret or --jwt-public-key");
      }
      return null;
    }
    JwtOptions options;
    try {
      if (secret != null) {
        options = JwtOptions.hmac(secret);
      } else {
        options = JwtOptions.publicKeyPem(Files.readString(publicKey, StandardCharsets.US_ASCII));
      }
      if (issuer != null) {
        options = options.withIssuer(issuer);
      }
      if (audience != null) {
        options = options.withAudience(audience);
      }
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cli, "cannot read --jwt-public-key " + publicKey
          + ": " + e.getClass().getSimpleName());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli,
          (secret != null ? "--jwt-secret: " : "--jwt-public-key: ") + e.getMessage());
    }
    description = "JWT " + String.join("/", new java.util.TreeSet<>(options.algorithms()))
        + (issuer != null ? ", iss " + issuer : "") + (audience != null ? ", aud " + audience : "");
    return new JwtAuthModule(options);
  }

  /** What {@link #module} configured, for the start-up line; never the secret. */
  String describe() {
    return description;
  }
}
