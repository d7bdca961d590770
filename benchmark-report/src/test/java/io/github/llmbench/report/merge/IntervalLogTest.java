package io.github.llmbench.report.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntervalLogTest {
  @TempDir Path dir;

  @Test
  void aWriteReadRoundTripLosesNothing() throws Exception {
    Random random = new Random(3);
    List<Histogram> written = new ArrayList<>();
    long start = 1_764_000_000_000L;
    for (int step = 0; step < 12; step++) {
      Histogram h = new Histogram(3);
      int n = step == 3 ? 0 : 1 + random.nextInt(5_000);
      for (int i = 0; i < n; i++) h.recordValue(1_000 + (long) (Math.exp(random.nextGaussian() * 2) * 50_000_000));
      h.setTag("scale_" + step);
      h.setStartTimeStamp(start + step * 60_000L);
      h.setEndTimeStamp(start + step * 60_000L + 59_123);
      written.add(h);
    }
    Path file = dir.resolve("run.hlog");
    IntervalLog.write(file, start, written);

    Map<String, Histogram> read = IntervalLog.read(file);
    assertThat(read.keySet()).containsExactlyElementsOf(written.stream().map(Histogram::getTag).toList());
    assertThat(Files.readString(file)).startsWith("#[Histogram log format version 1.3]");
    for (Histogram w : written) {
      Histogram r = read.get(w.getTag());
      assertThat(r.getTotalCount()).isEqualTo(w.getTotalCount());
      assertThat(r.getNumberOfSignificantValueDigits()).isEqualTo(3);
      assertThat(r.getStartTimeStamp()).isEqualTo(w.getStartTimeStamp());
      assertThat(r.getEndTimeStamp()).isEqualTo(w.getEndTimeStamp());
      assertSameBuckets(r, w);
    }
  }

  @Test
  void refusesTagsTheLogCannotHoldAndTagsTwice() throws Exception {
    Histogram spaced = new Histogram(3);
    spaced.setTag("step one");
    assertThatThrownBy(() -> IntervalLog.write(dir.resolve("a.hlog"), 0, List.of(spaced)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval tag (step one)");
    Histogram a = new Histogram(3);
    a.setTag("c8");
    Histogram b = new Histogram(3);
    b.setTag("c8");
    assertThatThrownBy(() -> IntervalLog.write(dir.resolve("b.hlog"), 0, List.of(a, b)))
        .hasMessage("interval tag (c8) appears twice");
  }

  /** Every bucket holds the same count in both. */
  static void assertSameBuckets(Histogram actual, Histogram expected) {
    assertThat(actual.getTotalCount()).isEqualTo(expected.getTotalCount());
    long max = Math.max(actual.getMaxValue(), expected.getMaxValue());
    for (long v = 0; v <= max; v = expected.nextNonEquivalentValue(v)) {
      assertThat(actual.getCountAtValue(v)).as("count at %d", v).isEqualTo(expected.getCountAtValue(v));
    }
    for (double p = 0; p <= 100; p += 0.1) {
      assertThat(actual.getValueAtPercentile(p)).as("p%s", p).isEqualTo(expected.getValueAtPercentile(p));
    }
    assertThat(actual.getValueAtPercentile(100)).isEqualTo(expected.getValueAtPercentile(100));
  }
}
