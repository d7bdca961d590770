package io.github.llmbench.core.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import java.io.IOException;

/**
 * A {@code usage} object's {@code prompt_tokens}, {@code completion_tokens} and
 * {@code completion_tokens_details.reasoning_tokens} (OpenAI's field for a reasoning model's thinking), read token by
 * token as {@code readTree(...).path(name).asLong(0)} would read them, without building the tree: a number is
 * truncated to a long, a string is parsed as one (0 if it is not), {@code true} is 1, and null, {@code false},
 * containers and a missing field are 0; a repeated field's last value counts. Fed one token at a time, so it serves a blocking parser
 * and a non-blocking one alike. One per {@code usage} object; not thread-safe.
 */
final class UsageFields {
  private long promptTokens;
  private long completionTokens;
  private long reasoningTokens;
  private boolean reasoningReported;
  private int depth;
  /** Which field the next value belongs to: 1 prompt_tokens, 2 completion_tokens, 3 reasoning_tokens, 0 another. */
  private int field;
  /** Whether the object at depth 2 is {@code completion_tokens_details}. */
  private boolean inDetails;
  private boolean detailsField;

  /**
   * Feeds the next token, the first being the object's {@code START_OBJECT}.
   *
   * @return whether the object ended with this token
   */
  boolean token(JsonParser p, JsonToken token) throws IOException {
    if (token.isStructStart()) {
      if (depth == 1) {
        inDetails = detailsField && token == JsonToken.START_OBJECT;
        set(0); // a container where a count belongs reads as 0
      } else if (depth == 2 && inDetails) {
        set(0);
      }
      depth++;
      return false;
    }
    if (token.isStructEnd()) {
      if (depth == 2) inDetails = false;
      return --depth == 0;
    }
    if (depth == 2 && inDetails) {
      if (token == JsonToken.FIELD_NAME) {
        field = "reasoning_tokens".equals(p.currentName()) ? 3 : 0;
        return false;
      }
    } else if (depth != 1) {
      return false;
    } else if (token == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      field = "prompt_tokens".equals(name) ? 1 : "completion_tokens".equals(name) ? 2 : 0;
      detailsField = "completion_tokens_details".equals(name);
      return false;
    }
    if (field == 3 && token == JsonToken.VALUE_NULL) { // a null count is no report
      field = 0;
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
    else if (field == 3) {
      reasoningTokens = value;
      reasoningReported = true;
    }
    field = 0;
    detailsField = false;
  }

  long promptTokens() {
    return promptTokens;
  }

  long completionTokens() {
    return completionTokens;
  }

  /** {@code completion_tokens_details.reasoning_tokens}; 0 when absent. */
  long reasoningTokens() {
    return reasoningTokens;
  }

  /** Whether {@code completion_tokens_details.reasoning_tokens} was there (null counts as absent). */
  boolean reasoningReported() {
    return reasoningReported;
  }
}
