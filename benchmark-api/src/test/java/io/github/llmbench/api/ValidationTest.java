package io.github.llmbench.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationTest {
  private static final RequestBuilder HELLO = RequestBuilders.chat("Hello", 10);

  @Test
  void concurrencyZeroIsRejectedWithFieldAndValue() {
    assertThatThrownBy(() -> Step.of("s", Load.concurrency(0), 10, HELLO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("concurrency (0) should be positive");
    assertThatThrownBy(() -> Step.of("s", Load.concurrency(1), -3, HELLO)).hasMessage("numRequests (-3) should be positive");
  }

  @Test
  void negativeTokenCountsAreRejected() {
    assertThatThrownBy(() -> RequestBuilders.chat().maxTokens(-5)).hasMessage("maxTokens (-5) should be positive");
    assertThatThrownBy(() -> RequestBuilders.completions("x", 0)).hasMessage("maxTokens (0) should be positive");
    assertThatThrownBy(() -> Prompts.unified(-1)).hasMessage("inputTokens (-1) should not be negative");
  }

  @Test
  void baseUrlMustBeHttpOrHttps() {
    assertThatThrownBy(() -> Target.of("ftp://example.com", "m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl (\"ftp://example.com\") should start with http:// or https://");
    assertThatThrownBy(() -> Target.of("localhost:8000", "m")).hasMessageContaining("baseUrl (\"localhost:8000\")");
    assertThatThrownBy(() -> Target.of("http://", "m")).hasMessageContaining("baseUrl (\"http://\")");
    assertThat(Target.of("https://api.example.com/", "m").baseUrl()).isEqualTo("https://api.example.com");
    assertThat(Target.of("https://api.example.com/v1", "m").baseUrl()).isEqualTo("https://api.example.com");
    assertThat(Target.of("http://h:8000/proxy/v1/", "m").baseUrl()).isEqualTo("http://h:8000/proxy");
    assertThat(Target.of("http://h:8000/v10", "m").baseUrl()).isEqualTo("http://h:8000/v10");
    assertThatThrownBy(() -> Target.of("http://h:8000/?a=1", "m"))
        .hasMessage("baseUrl (\"http://h:8000/?a=1\") should have no query string or fragment");
    assertThatThrownBy(() -> Target.of("http://h:8000#x", "m")).hasMessageContaining("no query string or fragment");
  }

  @Test
  void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> Target.of("http://user:s3cret@host:8000", "m"))
        .hasMessageNotContaining("s3cret").hasMessageContaining("credentials");
  }

  @Test
  void emptyModelIsRejected() {
    assertThatThrownBy(() -> Target.of("http://localhost:8000", " ")).hasMessage("model (\" \") must not be empty");
    assertThatThrownBy(() -> Target.builder().baseUrl("http://localhost:8000").build())
        .isInstanceOf(IllegalStateException.class).hasMessage("`model` is required but was not set");
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(() -> Target.builder().baseUrl("http://h").model("m").requestTimeout(Duration.ZERO).build())
        .hasMessage("requestTimeout (PT0S) should be positive");
  }

  @Test
  void benchmarkNeedsTargetAndPhasesAndUniqueStepNames() {
    Phase phase = Phase.of("p", Step.of("a", Load.concurrency(1), 1, HELLO));
    assertThatThrownBy(() -> Benchmark.builder().phases(phase).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("`target` is required but was not set");
    assertThatThrownBy(() -> Benchmark.builder().target("http://h", "m").build())
        .hasMessage("phases ([]) should hold at least one phase");
    assertThatThrownBy(() -> Benchmark.builder().target("http://h", "m")
        .phases(phase, Phase.of("q", Step.of("a", Load.concurrency(2), 2, HELLO))).build())
        .hasMessage("step name (\"a\") appears more than once");
    assertThatThrownBy(() -> Phase.builder("empty").build()).hasMessageContaining("phase empty has no step");
  }

  @Test
  void apiKeyNeverAppearsInToString() {
    Target target = Target.builder().baseUrl("http://h").model("m").apiKey("sk-very-secret").build();
    assertThat(target.toString()).doesNotContain("sk-very-secret").contains("apiKey=***");
    Benchmark b = Benchmark.builder().target(target).phases(Phase.of("p", Step.of("a", Load.concurrency(1), 1, HELLO))).build();
    assertThat(b.toString()).doesNotContain("sk-very-secret");
    assertThat(target.apiKey()).contains("sk-very-secret");
  }

  @Test
  void builtBenchmarkIsUnaffectedByLaterBuilderCalls() {
    Benchmark.Builder builder = Benchmark.builder().target("http://h", "m").phases(Phase.of("p", Step.of("a", Load.concurrency(1), 1, HELLO)));
    Benchmark first = builder.build();
    builder.addPhase(Phase.of("q", Step.of("b", Load.concurrency(1), 1, HELLO))).stream(true);
    assertThat(first.phases()).hasSize(1);
    assertThat(first.stream()).isFalse();
    assertThat(builder.build().phases()).hasSize(2);
    assertThat(first.toBuilder().build()).isEqualTo(first);
  }

  @Test
  void imageSourcesValidateAndResolveToDataUrls(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ImageSource.url("file:///etc/passwd")).hasMessageContaining("image url (\"file:///etc/passwd\")");
    assertThatThrownBy(() -> ImageSource.file(dir.resolve("missing.png"))).hasMessageContaining("missing.png");
    assertThatThrownBy(() -> ImageSource.file(dir.resolve("notes.txt"))).hasMessageContaining("notes.txt");
    assertThatThrownBy(() -> ImageSource.generated(0, 10, 1)).hasMessage("width (0) should be between 1 and 4096");
    Path png = dir.resolve("pic.png");
    Files.write(png, ImageSource.png(4, 3, 7));
    assertThat(ImageSource.file(png).url()).startsWith("data:image/png;base64,iVBORw0KGgo");
    assertThat(ImageSource.generated(4, 3, 7)).isEqualTo(ImageSource.file(png));
    assertThat(ImageSource.generated(4, 3, 8)).isNotEqualTo(ImageSource.generated(4, 3, 7));
  }

  @Test
  void generatedPngIsDecodableByTheJdk() throws Exception {
    byte[] png = ImageSource.png(64, 48, 42);
    var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(64);
    assertThat(image.getHeight()).isEqualTo(48);
  }

  @Test
  void visionNeedsImagesAndChat() {
    assertThatThrownBy(() -> RequestBuilders.vision("x", 10, List.of())).hasMessageContaining("images ([])");
    assertThatThrownBy(() -> UnifiedOptions.of(Intensity.QUICK).vision(true).completions(true))
        .hasMessageContaining("vision (true) needs chat requests");
  }
}
