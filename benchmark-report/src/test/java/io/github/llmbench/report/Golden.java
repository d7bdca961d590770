package io.github.llmbench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares text with a reviewed file under {@code src/test/resources/golden/}. Run once with
 * {@code -Dllmbench.updateGolden=true} to (re)write the files; that run fails on purpose, so a changed expectation
 * is always read by a person before it is committed.
 */
final class Golden {
  private Golden() {}

  static void assertMatches(String name, String actual) throws IOException {
    if (Boolean.getBoolean("llmbench.updateGolden")) {
      Path file = Path.of("src/test/resources/golden", name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      fail("wrote " + file.toAbsolutePath() + "; review it, then run again without -Dllmbench.updateGolden");
    }
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file %s", name).isNotNull();
      String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(actual).as("golden file %s", name).isEqualTo(expected);
    }
  }
}
