package io.github.llmbench.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llmbench.api.Intensity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliOptionsTest {
  @Test
  void defaultsMirrorTheScript() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--model", "m"});
    assertThat(o.baseUrl()).isEqualTo("http://localhost:8000");
    assertThat(o.model()).contains("m");
    assertThat(o.intensity()).isEqualTo(Intensity.STANDARD);
    assertThat(o.outputDir()).isEqualTo(Path.of("results"));
    assertThat(o.apiKeyEnv()).isEqualTo("OPENAI_API_KEY");
    assertThat(o.apiKeyEnvGiven()).isFalse();
    assertThat(o.vision() || o.completions() || o.skipSaturation() || o.stream() || o.simulate()).isFalse();
  }

  @Test
  void quickWinsOverThoroughAsInTheScript() throws Exception {
    assertThat(CliOptions.parse(new String[] {"--thorough", "--quick"}).intensity()).isEqualTo(Intensity.QUICK);
    assertThat(CliOptions.parse(new String[] {"--thorough"}).intensity()).isEqualTo(Intensity.THOROUGH);
  }

  @Test
  void everyFlagIsParsedInBothSpellings() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--base-url=http://gpu:8000", "--model", "x", "--vision",
        "--image", "a.png", "--skip-saturation", "--stream", "--output-dir=out", "--api-key-env", "KEY", "--simulate"});
    assertThat(o.baseUrl()).isEqualTo("http://gpu:8000");
    assertThat(o.vision()).isTrue();
    assertThat(o.images()).containsExactly("a.png");
    assertThat(o.skipSaturation()).isTrue();
    assertThat(o.stream()).isTrue();
    assertThat(o.outputDir()).isEqualTo(Path.of("out"));
    assertThat(o.apiKeyEnv()).isEqualTo("KEY");
    assertThat(o.apiKeyEnvGiven()).isTrue();
    assertThat(o.simulate()).isTrue();
    assertThat(CliOptions.parse(new String[] {"--completions"}).completions()).isTrue();
  }

  @Test
  void sloFlagsBuildObjectivesAndNeedStreamingForTtft() throws Exception {
    CliOptions o = CliOptions.parse(new String[] {"--stream", "--slo-ttft-ms", "500", "--slo-tpot-ms=50",
        "--slo-e2e-ms", "10000"});
    assertThat(o.slo()).isPresent();
    assertThat(o.slo().get().describe()).isEqualTo("ttft<=500ms, tpot<=50ms, e2e<=10000ms");
    assertThat(CliOptions.parse(new String[] {"--slo-e2e-ms", "2500"}).slo().get().describe()).isEqualTo("e2e<=2500ms");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--slo-ttft-ms", "500"}))
        .hasMessageContaining("need --stream");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--slo-e2e-ms", "-3"}))
        .hasMessage("--slo-e2e-ms (-3) should be a positive number of milliseconds");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--slo-e2e-ms", "fast"}))
        .hasMessage("--slo-e2e-ms (fast) should be a positive number of milliseconds");
  }

  @Test
  void badUsageSaysWhatIsWrongInOneLine() {
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--modle", "x"}))
        .hasMessage("unknown option: --modle (see --help)");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--model"})).hasMessage("--model needs a value");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--model", "--quick"})).hasMessage("--model needs a value");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--quick=yes"})).hasMessage("--quick takes no value");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--vision", "--completions"}))
        .hasMessageContaining("--vision needs chat requests");
    assertThatThrownBy(() -> CliOptions.parse(new String[] {"--image", "a.png"}))
        .hasMessage("--image is only used with --vision");
  }
}
