package dev.wsm.transport.javawebsocket;

import dev.wsm.core.spi.Handshake;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.java_websocket.handshake.ClientHandshake;

/** Turns Java-WebSocket's handshake into the core's {@link Handshake}. */
final class Handshakes {
  private Handshakes() {}

  /** Parses path, query and headers; throws IllegalArgumentException for a malformed query. */
  static Handshake parse(ClientHandshake request, InetSocketAddress remote) {
    String descriptor = request.getResourceDescriptor();
    int q = descriptor.indexOf('?');
    String path = q < 0 ? descriptor : descriptor.substring(0, q);
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : descriptor.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    Map<String, String> headers = new HashMap<>();
    Iterator<String> names = request.iterateHttpFields();
    while (names.hasNext()) {
      String name = names.next();
      headers.put(name.toLowerCase(Locale.ROOT), request.getFieldValue(name));
    }
    query.replaceAll((k, v) -> List.copyOf(v));
    return new Handshake(path, query, headers, remote);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
