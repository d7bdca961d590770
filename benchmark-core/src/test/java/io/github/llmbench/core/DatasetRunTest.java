package io.github.llmbench.core;

import static io.github.llmbench.core.TestServers.baseUrl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.llmbench.api.Benchmark;
import io.github.llmbench.api.Dataset;
import io.github.llmbench.api.DatasetRequestBuilder;
import io.github.llmbench.api.Endpoint;
import io.github.llmbench.api.InMemorySink;
import io.github.llmbench.api.LengthDistribution;
import io.github.llmbench.api.MaxTokensField;
import io.github.llmbench.api.Phase;
import io.github.llmbench.api.RequestBuilders;
import io.github.llmbench.api.RequestOutcome;
import io.github.llmbench.api.RequestShape;
import io.github.llmbench.api.Shard;
import io.github.llmbench.api.Load;
import io.github.llmbench.api.Step;
import io.github.llmbench.api.Target;
import io.github.llmbench.core.data.DatasetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset run over real HTTP sends exactly the file's prompts, in the seeded order computed here from the
 * documented algorithm (not by the library's code). The server answers each request with {@code prompt_tokens} =
 * the number of the entry it received, so every outcome says which entry its request index sent, whatever the
 * concurrency.
 */
@Timeout(60)
class DatasetRunTest {
  private static final Pattern ENTRY = Pattern.compile("entry #(\\d+)");
  @TempDir Path dir;
  private MockWebServer server;

  @BeforeEach
  void start() {
    server = TestServers.start(TestServers.dispatcher(r -> TestServers.ok(entryOf(TestServers.body(r)), 1)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The entry a body carries: its last message's (or its prompt's) "entry #k". */
  private static int entryOf(JsonNode body) {
    String text = body.has("prompt") ? body.get("prompt").asText()
        : body.get("messages").get(body.get("messages").size() - 1).get("content").asText();
    Matcher m = ENTRY.matcher(text);
    if (!m.find()) throw new AssertionError("no entry number in " + body);
    return Integer.parseInt(m.group(1));
  }

  /** Fisher–Yates as DatasetRequestBuilder's Javadoc states it, written out again. */
  private static List<Integer> documentedOrder(int n, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) order.add(i);
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = n - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      Integer t = order.get(k);
      order.set(k, order.get(j));
      order.set(j, t);
    }
    return order;
  }

  private Path file(int entries) throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (int e = 0; e < entries; e++) {
      if (e % 2 == 0) {
        jsonl.append("{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", "
            + "\"content\": \"entry #").append(e).append(" please\"}], \"max_tokens\": ").append(10 + e).append("}\n");
      } else {
        jsonl.append("{\"prompt\": \"entry #").append(e).append(" as a prompt\"}\n");
      }
      if (e == 3) jsonl.append("\n"); // a blank line is skipped
    }
    Path path = dir.resolve("prompts.jsonl");
    Files.writeString(path, jsonl);
    return path;
  }

  /** Request index to the entry the server received for it. */
  private Map<Integer, Integer> run(Step step, Shard shard) {
    Benchmark benchmark = Benchmark.builder().name("d").target(Target.of(baseUrl(server), "m"))
        .phases(Phase.of("P", step)).build();
    InMemorySink sink = new InMemorySink();
    BenchmarkRunner.builder().addSink(sink).build().run(shard.of(benchmark));
    Map<Integer, Integer> sent = new TreeMap<>();
    for (RequestOutcome o : sink.outcomes()) {
      assertThat(o.success()).as(o.failureDetail()).isTrue();
      sent.put(shard.globalIndex(o.requestIndex()), (int) o.promptTokens());
    }
    return sent;
  }

  @Test
  void aStepSendsTheEntriesInTheDocumentedSeededOrderAtAnyConcurrency() throws Exception {
    Dataset dataset = DatasetFiles.readJsonl(file(7));
    assertThat(dataset.size()).isEqualTo(7);
    long seed = 42;
    DatasetRequestBuilder requests = RequestBuilders.dataset(dataset).seed(seed)
        .outputTokens(LengthDistribution.fixed(33));
    List<Integer> order = documentedOrder(7, seed);
    assertThat(order).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6)); // the seed really shuffles
    for (int concurrency : new int[] {1, 4}) {
      Map<Integer, Integer> sent = run(Step.of("s", Load.concurrency(concurrency), 14, requests), Shard.WHOLE);
      assertThat(sent).hasSize(14);
      for (int i = 0; i < 14; i++) {
        assertThat(sent.get(i)).as("request %d at concurrency %d", i, concurrency).isEqualTo(order.get(i % 7));
      }
    }
    // What went on the wire: chat entries as they are (two messages, own max_tokens), prompts as one user message
    // with the builder's default output.
    List<RecordedRequest> wire = TestServers.completions(server);
    assertThat(wire).hasSize(28);
    for (RecordedRequest r : wire) {
      assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
      JsonNode body = TestServers.body(r);
      int entry = entryOf(body);
      if (entry % 2 == 0) {
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("Be brief.");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(10 + entry);
      } else {
        assertThat(body.get("messages")).hasSize(1);
        assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("entry #" + entry + " as a prompt");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(33);
      }
    }
  }

  @Test
  void twoShardsTogetherSendWhatOneProcessSends() throws Exception {
    Dataset dataset = DatasetFiles.readJsonl(file(5));
    DatasetRequestBuilder requests = RequestBuilders.dataset(dataset).seed(7);
    List<Integer> order = documentedOrder(5, 7);
    Step step = Step.of("s", Load.concurrency(2), 10, requests);
    Map<Integer, Integer> sent = new TreeMap<>(run(step, new Shard(0, 2)));
    sent.putAll(run(step, new Shard(1, 2)));
    assertThat(sent).hasSize(10);
    for (int i = 0; i < 10; i++) assertThat(sent.get(i)).as("request %d", i).isEqualTo(order.get(i % 5));
  }

  @Test
  void withoutShuffleTheFileOrderAndAPromptDatasetCanGoToCompletions() throws Exception {
    Path path = dir.resolve("p.jsonl");
    Files.writeString(path, "{\"prompt\": \"entry #0\", \"output_tokens\": 5}\n{\"text\": \"entry #1\"}\n"
        + "{\"prompt\": \"entry #2\", \"max_completion_tokens\": 7}\n");
    Dataset dataset = DatasetFiles.readJsonl(path);
    Map<Integer, Integer> sent = run(Step.of("s", Load.concurrency(1), 6, RequestBuilders.dataset(dataset).shuffle(false)
        .endpoint(Endpoint.COMPLETIONS).outputTokens(LengthDistribution.fixed(9))), Shard.WHOLE);
    assertThat(sent.values()).containsExactly(0, 1, 2, 0, 1, 2);
    List<RecordedRequest> wire = TestServers.completions(server);
    List<Integer> maxTokens = new ArrayList<>();
    for (RecordedRequest r : wire) {
      assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/completions");
      maxTokens.add(TestServers.body(r).get("max_tokens").asInt());
    }
    assertThat(maxTokens).containsExactly(5, 9, 7, 5, 9, 7);
  }

  @Test
  void chatCanSendMaxCompletionTokensInsteadOfMaxTokens() throws Exception {
    Dataset dataset = DatasetFiles.readJsonl(file(2));
    run(Step.of("a", Load.concurrency(1), 2, RequestBuilders.dataset(dataset).maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)),
        Shard.WHOLE);
    run(Step.of("b", Load.concurrency(1), 1, RequestBuilders.chat("entry #9", 12).maxTokensField(MaxTokensField.MAX_COMPLETION_TOKENS)),
        Shard.WHOLE);
    List<RecordedRequest> wire = TestServers.completions(server);
    assertThat(wire).hasSize(3);
    for (RecordedRequest r : wire) {
      JsonNode body = TestServers.body(r);
      assertThat(body.has("max_tokens")).as(body.toString()).isFalse();
      assertThat(body.get("max_completion_tokens").asInt()).isPositive();
    }
    assertThat(TestServers.body(wire.get(2)).get("max_completion_tokens").asInt()).isEqualTo(12);
  }

  @Test
  void theShapeIsTheMeanRequest() throws Exception {
    Path path = dir.resolve("s.jsonl");
    Files.writeString(path, "{\"prompt\": \"" + "x".repeat(400) + "\", \"max_tokens\": 10}\n"
        + "{\"prompt\": \"" + "x".repeat(800) + "\"}\n");
    DatasetRequestBuilder requests = RequestBuilders.dataset(DatasetFiles.readJsonl(path))
        .outputTokens(LengthDistribution.uniform(20, 40));
    // Prompts of 100 and 200 tokens at 4 characters a token; max_tokens 10 and the distribution's mean 30.
    assertThat(requests.shape()).contains(new RequestShape(150, 20, 0));
  }
}
