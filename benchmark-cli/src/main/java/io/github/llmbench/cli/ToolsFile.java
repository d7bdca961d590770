package io.github.llmbench.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --tools FILE}: the OpenAI {@code tools} array a custom run sends with each chat request, read whole and
 * checked for what every server needs: each element a {@code {"type": "function", "function": {"name": ...}}}.
 */
final class ToolsFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolsFile() {}

  /** The file's tools, as JSON values to put in the request body's {@code tools}. */
  static List<Object> read(Path path) throws UsageException {
    JsonNode root = PromptFlags.read("--tools", path, p -> {
      try {
        return JSON.readTree(java.nio.file.Files.readAllBytes(p));
      } catch (JacksonException e) {
        throw new IllegalArgumentException("--tools (" + p + ") is not JSON: " + e.getOriginalMessage());
      }
    });
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw UsageException.of("--tools", path, "should hold a non-empty JSON array of tools");
    }
    for (int i = 0; i < root.size(); i++) {
      JsonNode tool = root.get(i);
      if (!"function".equals(tool.path("type").asText()) || !tool.path("function").path("name").isTextual()
          || tool.path("function").path("name").asText().isEmpty()) {
        throw UsageException.of("--tools", path, "element " + i + " should be {\"type\": \"function\", \"function\": "
            + "{\"name\": ...}}");
      }
    }
    return List.of(JSON.convertValue(root, Object[].class));
  }
}
