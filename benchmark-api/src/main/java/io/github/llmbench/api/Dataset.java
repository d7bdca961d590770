package io.github.llmbench.api;

import java.util.List;
import java.util.Objects;

/**
 * Requests to send, read from a file ({@code io.github.llmbench.core.data.DatasetFiles.readJsonl}) or built in code;
 * send them with {@link RequestBuilders#dataset(Dataset)}. Immutable.
 *
 * @param name where it came from (a file name), for reports and error messages
 * @param entries at least one
 */
public record Dataset(String name, List<DatasetEntry> entries) {
  /** @throws IllegalArgumentException if there is no entry */
  public Dataset {
    Checks.notBlank("name", name);
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    if (entries.isEmpty()) throw new IllegalArgumentException("dataset " + name + " has no entries");
  }

  public int size() {
    return entries.size();
  }

  /** Whether every entry is a prompt (so it can go to {@code /v1/completions}). */
  public boolean allPrompts() {
    return entries.stream().allMatch(e -> e instanceof DatasetEntry.Prompt);
  }
}
