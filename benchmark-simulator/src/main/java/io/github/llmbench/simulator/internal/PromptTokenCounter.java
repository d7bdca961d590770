package io.github.llmbench.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The simulator's documented prompt-token rule: {@code max(1, ceil(c / 4)) + tokensPerImage × images}, where
 * {@code c} counts the Unicode code points of all text. For chat that is every message's string content and every
 * {@code "text"} part; every {@code image_url} or {@code image} part is one image. For completions, a string prompt
 * counts its characters and a token-id array counts one token per id.
 */
public final class PromptTokenCounter {
  private final int tokensPerImage;

  /** @param tokensPerImage prompt tokens per image */
  public PromptTokenCounter(int tokensPerImage) {
    this.tokensPerImage = tokensPerImage;
  }

  /** @return tokens for {@code characters} characters of text and {@code images} images */
  public int count(long characters, int images) {
    long text = Math.max(1L, (characters + 3) / 4);
    return (int) Math.min(Integer.MAX_VALUE, text + (long) tokensPerImage * images);
  }

  /** @return tokens of a text-only prompt */
  public int countText(String text) {
    return count(text.codePointCount(0, text.length()), 0);
  }

  /**
   * Counts a chat {@code messages} array already checked to be an array of objects.
   *
   * @throws IllegalArgumentException if a content part is not an object or a content is neither string, array
   *     nor null
   */
  public int countMessages(JsonNode messages) {
    long characters = 0;
    int images = 0;
    for (JsonNode message : messages) {
      JsonNode content = message.get("content");
      if (content == null || content.isNull()) {
        continue;
      }
      if (content.isTextual()) {
        characters += codePoints(content.asText());
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          if (!part.isObject()) {
            throw new IllegalArgumentException("content parts must be objects");
          }
          String type = part.path("type").asText("");
          if (type.equals("text")) {
            characters += codePoints(part.path("text").asText(""));
          } else if (type.equals("image_url") || type.equals("image")) {
            images++;
          }
        }
      } else {
        throw new IllegalArgumentException("content must be a string or an array of parts");
      }
    }
    return count(characters, images);
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }
}
