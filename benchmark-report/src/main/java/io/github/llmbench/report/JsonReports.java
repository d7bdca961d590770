package io.github.llmbench.report;

import io.github.llmbench.api.BenchmarkResult;
import io.github.llmbench.report.internal.JsonResultReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a saved JSON result back, so reports can be re-rendered or results compared later. Accepts what
 * {@link ReportFormats#json()} writes (the round trip loses nothing: the result is {@code equals} to the original)
 * and plain unified-script files holding only {@code {"results": [...]}} (missing figures become 0, missing text
 * empty, phases are the runs of steps with the same {@code phase}).
 */
public final class JsonReports {
  private JsonReports() {}

  /**
   * @throws IOException if the file cannot be read or is not JSON (the message names the file)
   * @throws IllegalArgumentException if a field is missing or malformed (the message names the file and field)
   */
  public static BenchmarkResult read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return JsonResultReader.read(in);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads from {@code in}, which stays open.
   *
   * @throws IOException if the text is not JSON
   * @throws IllegalArgumentException if a field is missing or malformed (the message names the field)
   */
  public static BenchmarkResult read(Reader in) throws IOException {
    return JsonResultReader.read(in);
  }
}
