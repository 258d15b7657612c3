package dev.wsm.transport.javawebsocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The HTTP response for a refused upgrade: the status and a JSON body with the reason. */
final class HttpRefusal {
  private HttpRefusal() {}

  static ByteBuffer encode(int status, String reason) {
    String body = dev.wsm.core.spi.WireFormat.refusalJson(status, reason);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + phrase(status) + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + bytes.length + "\r\n"
        + "Connection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(headBytes.length + bytes.length);
    buf.put(headBytes).put(bytes).flip();
    return buf;
  }

  private static String phrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 503 -> "Service Unavailable";
      default -> status < 500 ? "Bad Request" : "Internal Server Error";
    };
  }

}
