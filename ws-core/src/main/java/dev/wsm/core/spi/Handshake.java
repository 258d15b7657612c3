package dev.wsm.core.spi;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP upgrade request as the transport received it.
 *
 * @param path the request path without the query
 * @param query query parameters, decoded; a name may repeat
 * @param headers header values by lower-case name
 * @param remoteAddress the peer
 */
public record Handshake(
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    InetSocketAddress remoteAddress) {
  public Handshake {
    Objects.requireNonNull(path, "path");
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  /** The first value of a query parameter. */
  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A header by case-insensitive name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
