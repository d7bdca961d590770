package io.github.llmbench.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line's exit codes: the one table that both {@code --help} and docs/exit-codes.md show (ExitCodesDocTest
 * checks that the page's copy is {@link #markdownTable()}). When several apply, {@link #INCOMPLETE_ON_DISK} wins: losing results
 * matters more than how the run ended.
 */
public enum ExitCode {
  COMPLETED(0, "the run completed and no gate failed, whatever the steps' statuses; compare: none slower"),
  UNREACHABLE(1, "target unreachable, or the pre-flight request failed (timeout, a bad answer); or an internal error"),
  USAGE(2, "bad usage or configuration: one line names the flag, or the server's refusal (4xx: key, model)"),
  GATE_FAILED(3, "a --fail-* gate failed (one line names it and the step; results saved); compare: a step slower"),
  INCOMPLETE_ON_DISK(4, "results are incomplete on disk: a save failed and so did its retries (see stderr)"),
  SIGINT(130, "stopped by SIGINT (Ctrl-C); the finished steps are saved"),
  SIGTERM(143, "stopped by SIGTERM; the finished steps are saved");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /**
   * The exit code of a run the server refused with this HTTP status before any figure: a client error (4xx but
   * 408 and 429, which say "later", not "no") refuses what it was asked (a key, a path, a model, a field), which
   * is the configuration's ({@link #USAGE}); anything else is the target's ({@link #UNREACHABLE}). Servers answer
   * an unknown model with 404 (OpenAI, vLLM) or 400 ({@code transformers serve}), so both count alike.
   */
  static ExitCode ofRefusal(int httpStatus) {
    boolean clientError = httpStatus >= 400 && httpStatus < 500 && httpStatus != 408 && httpStatus != 429;
    return clientError ? USAGE : UNREACHABLE;
  }

  /** The rows of {@code --help}'s exit-code list: code, then meaning. */
  static Map<String, String> helpRows() {
    Map<String, String> rows = new LinkedHashMap<>();
    for (ExitCode c : values()) rows.put(String.valueOf(c.code), c.meaning);
    return rows;
  }

  /** The README's table, exactly. */
  public static String markdownTable() {
    StringBuilder table = new StringBuilder("| exit code | meaning |\n|---|---|\n");
    for (ExitCode c : values()) table.append("| ").append(c.code).append(" | ").append(c.meaning).append(" |\n");
    return table.toString();
  }
}
