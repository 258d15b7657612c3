package dev.wsm.core.internal;

import dev.wsm.core.UserId;
import dev.wsm.core.spi.AuthResult;
import dev.wsm.core.spi.Authenticator;
import dev.wsm.core.spi.Handshake;
import dev.wsm.core.spi.Principal;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Development mode: trusts the client. The user id comes from the {@code user} query parameter (a
 * random {@code anon-…} id when absent), labels from {@code label} (repeatable or comma-separated,
 * at most 16), metadata from {@code meta.KEY=VALUE} parameters (at most 16, values up to 256
 * characters), the device id from {@code device} (see {@link dev.wsm.core.DeviceId}). Never use
 * it where untrusted clients connect.
 */
@Singleton
public final class AnonymousAuthenticator implements Authenticator {
  private static final int MAX_ENTRIES = 16;
  private static final int MAX_VALUE = 256;

  @Override
  public AuthResult authenticate(Handshake handshake) {
    UserId user;
    try {
      user = handshake.queryParam("user")
          .map(UserId::new)
          .orElseGet(() -> new UserId("anon-" + dev.wsm.core.ConnectionId.random().value()));
    } catch (IllegalArgumentException e) {
      return AuthResult.refuse(400, "query parameter 'user': " + e.getMessage());
    }
    Set<String> labels = new LinkedHashSet<>();
    for (String value : handshake.query().getOrDefault("label", List.of())) {
      for (String label : value.split(",")) {
        String trimmed = label.trim();
        if (!trimmed.isEmpty()) {
          labels.add(trimmed);
        }
      }
    }
    Map<String, String> metadata = new HashMap<>();
    for (Map.Entry<String, List<String>> e : handshake.query().entrySet()) {
      if (e.getKey().startsWith("meta.") && e.getKey().length() > 5 && !e.getValue().isEmpty()) {
        metadata.put(e.getKey().substring(5), e.getValue().get(0));
      }
    }
    java.util.Optional<String> device = handshake.queryParam(dev.wsm.core.DeviceId.METADATA_KEY);
    if (device.isPresent()) {
      try {
        metadata.put(dev.wsm.core.DeviceId.METADATA_KEY, new dev.wsm.core.DeviceId(device.get()).value());
      } catch (IllegalArgumentException e) {
        return AuthResult.refuse(400, "query parameter 'device': " + e.getMessage());
      }
    }
    if (labels.size() > MAX_ENTRIES || metadata.size() > MAX_ENTRIES
        || labels.stream().anyMatch(l -> l.length() > MAX_VALUE)
        || metadata.values().stream().anyMatch(v -> v.length() > MAX_VALUE)) {
      return AuthResult.refuse(400, "too many or too long labels or metadata");
    }
    return AuthResult.accept(new Principal(user, Set.of(), labels, metadata));
  }
}
