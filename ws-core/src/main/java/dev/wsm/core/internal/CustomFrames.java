package dev.wsm.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.ErrorCode;
import dev.wsm.core.RequestHandler;
import dev.wsm.core.WsException;
import dev.wsm.core.protocol.ClientFrame;
import dev.wsm.core.protocol.ClientFrameDecoder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The application's frame types: their {@link RequestHandler}s, and the frames of those types,
 * answered with what the handler returns.
 *
 * <p>Threading: handlers are registered on any thread, frames arrive on transport threads; a
 * handler runs on the callback pool (it may block there), and its reply is sent where its stage
 * completes.
 */
@Singleton
public final class CustomFrames {
  private static final Pattern CUSTOM_TYPE = Pattern.compile("[a-z0-9_.:-]{1,64}");
  private final ConcurrentHashMap<String, RequestHandler> handlers = new ConcurrentHashMap<>();
  private final Callbacks callbacks;
  private final Requests requests;

  @Inject
  public CustomFrames(Callbacks callbacks, Requests requests) {
    this.callbacks = callbacks;
    this.requests = requests;
  }

  /** Registers a handler for a custom type. */
  public void register(String type, RequestHandler handler) {
    if (type == null || !CUSTOM_TYPE.matcher(type).matches()
        || ClientFrameDecoder.BUILT_IN_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "custom type must be 1-64 characters of a-z 0-9 _ . : - and not a built-in type: " + type);
    }
    if (handlers.putIfAbsent(type, Objects.requireNonNull(handler, "handler")) != null) {
      throw new IllegalArgumentException("a handler for '" + type + "' is registered already");
    }
  }

  /** @throws WsException {@link ErrorCode#UNKNOWN_TYPE} if no handler is registered for the type */
  void handle(LiveConnection c, ClientFrame.Custom custom) {
    RequestHandler handler = handlers.get(custom.type());
    if (handler == null) {
      throw new WsException(ErrorCode.UNKNOWN_TYPE, "unknown type '" + custom.type() + "'");
    }
    CompletionStage<JsonNode> result = callbacks.supply(() -> handler.handle(c, custom.data()))
        .thenCompose(Function.identity());
    requests.reply(c, custom.ref(), result, data -> g -> {
      g.writeFieldName("data");
      if (data == null) {
        g.writeNull();
      } else {
        g.writeTree(data);
      }
    });
  }
}
