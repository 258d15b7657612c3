package dev.wsm.auth.internal;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import dev.wsm.core.spi.Handshake;
import java.util.Locale;
import java.util.Optional;

/** Where credentials sit in a handshake, and how a ticket is told apart from a JWT. */
public final class Tokens {
  /** The JOSE {@code typ} of a connection ticket. */
  public static final JOSEObjectType TICKET_TYPE = new JOSEObjectType("wsm-ticket");

  private Tokens() {}

  /** The token of an {@code Authorization: Bearer …} header (scheme case-insensitive). */
  public static Optional<String> bearer(Handshake handshake) {
    return handshake.header("authorization")
        .map(String::trim)
        .filter(h -> h.length() > 7 && h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
        .map(h -> h.substring(7).trim());
  }

  public static boolean isTicket(JWSHeader header) {
    return TICKET_TYPE.equals(header.getType());
  }
}
