package io.github.llmbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llmbench.simulator.RequestTrace;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The prompt flags end to end against the simulator, checked with what it saw: its prompt-token count (characters
 * / 4, documented) tells which dataset line each request carried, and the sizes of generated prompts.
 */
@Timeout(60)
class CliDatasetTest {
  @TempDir Path dir;
  private SimulatedLlmServer server;

  @BeforeEach
  void start() {
    server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.02).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Line e (0-based) holds 40 x (e + 1) characters of text: 10 x (e + 1) tokens by the simulator's rule. */
  private Path dataset(int lines) throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (int e = 0; e < lines; e++) {
      int chars = 40 * (e + 1);
      if (e % 3 == 0) {
        jsonl.append("{\"messages\": [{\"role\": \"system\", \"content\": \"").append("s".repeat(20))
            .append("\"}, {\"role\": \"user\", \"content\": \"").append("u".repeat(chars - 20)).append("\"}]}\n");
      } else {
        jsonl.append("{\"prompt\": \"").append("p".repeat(chars)).append("\", \"max_tokens\": 3}\n");
      }
    }
    Path file = dir.resolve("prompts.jsonl");
    Files.writeString(file, jsonl);
    return file;
  }

  /** The documented Fisher–Yates with SplittableRandom(seed), written out here. */
  private static List<Integer> order(int n, long seed) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = n - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      int t = a[k];
      a[k] = a[j];
      a[j] = t;
    }
    List<Integer> out = new ArrayList<>();
    for (int v : a) out.add(v);
    return out;
  }

  @Test
  void aDatasetRunSendsTheFilesPromptsInTheSeededOrder() throws Exception {
    Path file = dataset(9);
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
        "--concurrency", "1", "--dataset", file.toString(), "--dataset-seed", "5", "--output-len", "4",
        "--no-preflight-request", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<RequestTrace> traces = server.statistics().requests();
    assertThat(traces).hasSize(9); // the file once: --num-prompts defaults to its size
    List<Integer> sent = new ArrayList<>();
    for (RequestTrace t : traces) {
      sent.add(t.promptTokens() / 10 - 1);
      assertThat(t.endpoint()).isEqualTo("/v1/chat/completions");
    }
    assertThat(order(9, 5)).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8)); // the seed shuffles
    assertThat(sent).containsExactlyElementsOf(order(9, 5));
    for (RequestTrace t : traces) {
      int line = t.promptTokens() / 10 - 1;
      assertThat(t.completionTokens()).as("line %d", line).isEqualTo(line % 3 == 0 ? 4 : 3);
    }
    JsonNode json = new ObjectMapper().readTree(dir.resolve(CliRunner.BASE + ".json").toFile());
    assertThat(json.toString()).contains("\"dataset\":\"" + file.toString().replace("\\", "\\\\") + "\"")
        .contains("\"dataset_entries\":\"9\"");
  }

  @Test
  void tokenizedDrawnPromptsWithSharedPrefixesAndMaxCompletionTokens() throws Exception {
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(),
        "--concurrency", "2", "--num-prompts", "24", "--tokenizer", "cl100k_base", "--input-len", "uniform:20:60",
        "--prefix-tokens", "32", "--prefix-groups", "2", "--output-len", "normal:20:5", "--max-completion-tokens",
        "--dataset-seed", "1", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<RequestTrace> traces = server.statistics().requests();
    assertThat(traces).hasSizeGreaterThanOrEqualTo(24); // and the pre-flight's request
    for (RequestTrace t : traces) {
      // Every word is 4 characters and one cl100k token, so the simulator's count is the prompt's real size.
      assertThat(t.promptTokens()).isBetween(32 + 20, 32 + 60);
      assertThat(t.completionTokens()).isBetween(5, 35); // max_completion_tokens was read: 3 stddev bounds
    }
    assertThat(traces.stream().mapToInt(RequestTrace::promptTokens).distinct().count()).isGreaterThan(5);
  }

  @Test
  void aHuggingFaceTokenizerDirectorySizesPromptsQuietly() throws Exception {
    // A small byte-level BPE tokenizer.json (100 of the corpus words have merges), read offline through DJL.
    Path tokenizerDir = Path.of(CliDatasetTest.class.getResource("/hf-tokenizer/tokenizer.json").toURI()).getParent();
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(), "--concurrency", "1",
        "--num-prompts", "6", "--tokenizer", tokenizerDir.toString(), "--input-len", "uniform:30:40",
        "--no-preflight-request", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty(); // no SLF4J or DJL notes on stderr
    assertThat(server.statistics().requests()).hasSize(6)
        .allSatisfy(t -> assertThat(t.promptTokens()).isBetween(30, 40));
    JsonNode json = new ObjectMapper().readTree(dir.resolve(CliRunner.BASE + ".json").toFile());
    assertThat(json.toString()).contains("\"tokenizer\":\"tokenizer.json\"");
  }

  @Test
  void maxCompletionTokensKeepsTheScriptsPhrase() {
    CliRunner.Run run = CliRunner.run("--base-url", server.baseUrl(), "--model", server.model(), "--concurrency", "1",
        "--num-prompts", "3", "--input-len", "25", "--output-len", "7", "--max-completion-tokens",
        "--no-preflight-request", "--output-dir", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (RequestTrace t : server.statistics().requests()) {
      assertThat(t.promptTokens()).isEqualTo(25); // the phrase cut to 100 characters
      assertThat(t.completionTokens()).isEqualTo(7); // read from max_completion_tokens
    }
    assertThat(server.statistics().requests()).hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --input-len uniform:9:3                   | --input-len (uniform:9:3) has max (3) should be at least min (9)
      --input-len normal:x:1                    | --input-len (normal:x:1) should be N, uniform:MIN:MAX or normal:MEAN:STDDEV[:MIN:MAX] with numbers for MEAN and STDDEV
      --output-len gauss:5                      | --output-len (gauss:5) should be N, uniform:MIN:MAX or normal:MEAN:STDDEV[:MIN:MAX] (token counts)
      --output-len uniform:0:5                  | --output-len (uniform:0:5) should be N, uniform:MIN:MAX or normal:MEAN:STDDEV[:MIN:MAX] with token counts from 1 to 10000000
      --tokenizer gpt5                          | --tokenizer (gpt5) should be one of
      --dataset nope.jsonl                      | --dataset (nope.jsonl) does not exist
      --disable-shuffle                         | --disable-shuffle keeps a --dataset's own order: it needs --dataset
      --prefix-groups 4                         | --prefix-groups (4) groups the shared prefixes of --prefix-tokens; give --prefix-tokens too
      --prefix-tokens -1                        | --prefix-tokens (-1) should be an integer between 0 and 10000000
      --max-completion-tokens --completions     | --max-completion-tokens applies to chat requests
      --dataset-seed x --input-len uniform:1:2  | --dataset-seed (x) should be an integer
      --dataset-seed 3                          | --dataset-seed (3) seeds --dataset and drawn lengths; this run draws nothing
      --max-completion-tokens --completions --input-len 8 | --max-completion-tokens applies to chat requests
      """)
  void badPromptFlagsAreOneLineNamingTheFlag(String flags, String message) {
    List<String> args = new ArrayList<>(List.of("--base-url", server.baseUrl(), "--model", server.model(),
        "--concurrency", "1", "--output-dir", dir.toString()));
    args.addAll(List.of(flags.strip().split(" ")));
    CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).startsWith("llmbench: " + message);
    assertThat(run.err().strip()).doesNotContain("\n");
    assertThat(server.statistics().requests()).isEmpty();
  }

  @Test
  void aBadDatasetLineAndDatasetMisuseAreOneLine() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"prompt\": \"ok\"}\n{\"messages\": [{\"role\": 42, \"content\": \"x\"}]}\n");
    String[][] cases = {
        {"dataset " + file + " line 2: messages[0].role (42) should be a string", "--concurrency", "1", "--dataset",
            file.toString()},
        {"--input-len (10) sizes generated prompts; with --dataset the prompts come from the file", "--concurrency",
            "1", "--dataset", dataset(3).toString(), "--input-len", "10"},
        {"--dataset (" + dir.resolve("prompts.jsonl") + ") holds chat messages; --completions needs prompts",
            "--concurrency", "1", "--dataset", dir.resolve("prompts.jsonl").toString(), "--completions"},
        {"--dataset (x.jsonl) applies to a custom run: add --concurrency or --request-rate", "--dataset", "x.jsonl"}};
    for (String[] c : cases) {
      List<String> args = new ArrayList<>(List.of("--base-url", server.baseUrl(), "--model", server.model(),
          "--output-dir", dir.toString()));
      args.addAll(List.of(c).subList(1, c.length));
      CliRunner.Run run = CliRunner.run(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err()).startsWith("llmbench: " + c[0]);
      assertThat(run.err().strip()).doesNotContain("\n");
    }
    assertThat(server.statistics().requests()).isEmpty();
  }
}
