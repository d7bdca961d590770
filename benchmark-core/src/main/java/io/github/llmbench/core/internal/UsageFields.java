package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import java.io.IOException;

/**
 * A {@code usage} object's {@code prompt_tokens} and {@code completion_tokens}, read token by token as
 * {@code readTree(...).path(name).asLong(0)} would read them, without building the tree: a number is truncated to a
 * long, a string is parsed as one (0 if it is not), {@code true} is 1, and null, {@code false}, containers and a
 * missing field are 0; a repeated field's last value counts. Fed one token at a time, so it serves a blocking parser
 * and a non-blocking one alike. One per {@code usage} object; not thread-safe.
 */
final class UsageFields {
  private long promptTokens;
  private long completionTokens;
  private int depth;
  /** Which field the next value belongs to: 1 prompt_tokens, 2 completion_tokens, 0 another. */
  private int field;

  /**
   * Feeds the next token, the first being the object's {@code START_OBJECT}.
   *
   * @return whether the object ended with this token
   */
  boolean token(JsonParser p, JsonToken token) throws IOException {
    if (token.isStructStart()) {
      if (depth == 1) set(0); // a container where a count belongs reads as 0
      depth++;
      return false;
    }
    if (token.isStructEnd()) {
      return --depth == 0;
    }
    if (depth != 1) return false;
    if (token == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      field = "prompt_tokens".equals(name) ? 1 : "completion_tokens".equals(name) ? 2 : 0;
      return false;
    }
    set(switch (token) {
      case VALUE_NUMBER_INT -> p.getNumberValue().longValue();
      case VALUE_NUMBER_FLOAT -> (long) p.getDoubleValue();
      case VALUE_STRING -> NumberInput.parseAsLong(p.getText(), 0);
      case VALUE_TRUE -> 1L;
      default -> 0L;
    });
    return false;
  }

  private void set(long value) {
    if (field == 1) promptTokens = value;
    else if (field == 2) completionTokens = value;
    field = 0;
  }

  long promptTokens() {
    return promptTokens;
  }

  long completionTokens() {
    return completionTokens;
  }
}
