package dev.wsm.client.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where and how a client connects: the server URL with the {@code user} and {@code device} query
 * parameters, the bearer token sent at every connect, and the JDK HTTP client that opens the
 * WebSockets (one shared by all clients unless given). Immutable and thread-safe.
 */
public final class Endpoint {
  private final URI uri;
  private final String bearerToken;
  private final HttpClient http;

  /** {@code user}, {@code device}, {@code bearerToken} and {@code http} may be null. */
  public Endpoint(URI server, String user, String device, String bearerToken, HttpClient http) {
    URI withUser = user == null ? server : withParam(server, "user", user);
    this.uri = device == null ? withUser : withParam(withUser, "device", device);
    this.bearerToken = bearerToken;
    this.http = http != null ? http : SharedHttp.CLIENT;
  }

  private static URI withParam(URI uri, String name, String value) {
    String param = name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    String text = uri.toString();
    return URI.create(uri.getRawQuery() == null ? text + "?" + param : text + "&" + param);
  }

  /**
   * Starts opening a WebSocket with {@code link} as its listener; the future fails when the
   * connection cannot be opened or the upgrade is refused. Does not block on the network, but
   * resolving the host may block: call it without the client's lock.
   */
  CompletableFuture<WebSocket> open(Link link, Duration connectTimeout) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout);
    if (bearerToken != null) {
      builder.header("Authorization", "Bearer " + bearerToken);
    }
    try {
      return builder.buildAsync(uri, link);
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
  }

  /** The URL without its query, which may carry the user. */
  String redacted() {
    return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? ""
        : uri.getRawPath());
  }

  /** One HTTP client for every client that was not given one: each costs a selector thread. */
  private static final class SharedHttp {
    static final HttpClient CLIENT = HttpClient.newHttpClient();
  }
}
