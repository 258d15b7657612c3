package dev.wsm.core.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wsm.core.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The top level of a client frame, read with Jackson's streaming parser under {@link WireJson}'s
 * limits (nesting depth, duplicate keys): every field as a node except {@code data}, whose value is
 * kept as the exact text the client sent (validated, not turned into a tree).
 *
 * @param fields the frame's fields but {@code data}
 * @param text the whole frame
 * @param dataStart where {@code data}'s value starts in {@code text}, -1 when the frame has none
 * @param dataEnd where it ends (exclusive)
 */
record FrameObject(ObjectNode fields, String text, int dataStart, int dataEnd) {
  private static final ObjectReader SUBTREES =
      WireJson.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Reads one frame.
   *
   * @throws ProtocolException {@code invalid_message} when the text is not exactly one JSON object
   * @throws IOException when the parser refuses the text (bad JSON, a limit, a duplicate key)
   */
  static FrameObject read(String text) throws IOException {
    try (JsonParser p = WireJson.mapper().getFactory().createParser(text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        if (first != null) {
          p.skipChildren(); // bad JSON or too deep is reported as such, as for an object
          p.nextToken();
        }
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "frame must be a JSON object", null);
      }
      // The top level's names are checked here; the parser's own check (a set per object) runs
      // inside nested values only, where it is switched on for each.
      p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      ObjectNode fields = JsonNodeFactory.instance.objectNode();
      int dataStart = -1;
      int dataEnd = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        boolean nested = value.isStructStart();
        if (nested) {
          p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        }
        boolean duplicate;
        if (name.equals("data")) {
          duplicate = dataStart >= 0;
          dataStart = (int) p.currentTokenLocation().getCharOffset();
          if (nested) {
            p.skipChildren();
          } else {
            p.finishToken();
          }
          dataEnd = (int) p.currentLocation().getCharOffset();
        } else {
          duplicate = fields.replace(name, node(p, value)) != null;
        }
        if (nested) {
          p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        }
        if (duplicate) {
          throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
              "frame is not valid JSON (field '" + name + "' appears twice)", null);
        }
      }
      if (p.nextToken() != null) {
        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
            "frame is not valid JSON (more after the object)", null);
      }
      return new FrameObject(fields, text, dataStart, dataEnd);
    }
  }

  /** Whether the frame has a {@code data} field. */
  boolean hasData() {
    return dataStart >= 0;
  }

  /** The text of {@code data}'s value; only when {@link #hasData()}. */
  String dataText() {
    return text.substring(dataStart, dataEnd);
  }

  /** The UTF-8 bytes of {@code data}'s value; only when {@link #hasData()}. */
  byte[] dataUtf8() {
    byte[] out = new byte[dataEnd - dataStart];
    for (int i = 0; i < out.length; i++) {
      char c = text.charAt(dataStart + i);
      if (c >= 0x80) {
        return dataText().getBytes(StandardCharsets.UTF_8);
      }
      out[i] = (byte) c;
    }
    return out;
  }

  private static JsonNode node(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_STRING -> TextNode.valueOf(p.getText());
      case VALUE_TRUE -> BooleanNode.TRUE;
      case VALUE_FALSE -> BooleanNode.FALSE;
      case VALUE_NULL -> NullNode.getInstance();
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> IntNode.valueOf(p.getIntValue());
        case LONG -> LongNode.valueOf(p.getLongValue());
        default -> BigIntegerNode.valueOf(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> DoubleNode.valueOf(p.getDoubleValue());
      default -> SUBTREES.readTree(p);
    };
  }
}
