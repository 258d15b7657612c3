package dev.wsm.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * Answers a custom client message type ({@code {"type":"my.type","ref":"1","data":…}}). Runs on a
 * callback thread, never a transport thread. The stage's value is sent as {@code data} in an ok
 * reply; a {@link WsException} becomes an error reply with its code and message; any other failure
 * becomes {@code internal} (logged, details not sent).
 */
@FunctionalInterface
public interface RequestHandler {
  CompletionStage<JsonNode> handle(Connection connection, JsonNode data);
}
