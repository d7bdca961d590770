package io.github.llmbench.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonFloatTest {
  /** Expected strings are Python 3.11's repr() of the same bits (hex literals pin the exact double). */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "0x1.999999999999ap-4;0.1",
      "0x1.5555555555555p-2;0.3333333333333333",
      "0x1.9000000000000p+6;100.0",
      "0x1.4f8b588e368f1p-17;1e-05",
      "0x1.1c37937e08000p+53;1e+16",
      "0x1.0624dd2f1a9fcp-9;0.002",
      "0x1.d6f34547df3b6p+26;123456789.123",
      "0x0.0000000000001p-1022;5e-324",
      "0x0.0000000000003p-1022;1.5e-323",
      "0x1.a36e2eb1c432dp-14;0.0001",
      "0x1.a36e2eb1c432cp-14;9.999999999999999e-05",
      "0x1.c6bf526340000p+49;1000000000000000.0",
      "0x1.18b54f22aeb03p+50;1234567890123456.8",
      "0x1.aa535d3d0c000p+53;1.5e+16",
      "-0x1.4000000000000p+1;-2.5",
      "0x1.0f0cf064dd592p+73;1e+22",
      "0x1.52d02c7e14af6p+76;1e+23",
      "0x1.3333333333334p-2;0.30000000000000004",
      "0x1.fffffffffffffp+1023;1.7976931348623157e+308",
      "0x1.1666666666666p+2;4.35",
      "0x1.02c9dedbc309dp-13;0.0001234",
      "0x1.a8310bc7a31bfp-27;1.23456e-08",
      "0x1.0000000000000p+60;1.152921504606847e+18",
      "0x1.0000000000000p-20;9.5367431640625e-07",
      "0x1.a000000000000p-1;0.8125",
      "0x1.09a9610292000p+12;4250.586184091866",
      "0x1.ad7f29abcaf48p-24;1e-07",
  })
  void matchesPythonRepr(String hex, String expected) {
    double x = Double.parseDouble(hex);
    assertThat(PythonFloat.repr(x)).isEqualTo(expected);
  }

  @Test
  void java17ToStringIsNotShortestButReprIs() {
    // JDK-4511638: Java 17 prints 2.0E-3 as "0.0020"; Python prints 0.002.
    assertThat(PythonFloat.repr(2e-3)).isEqualTo("0.002");
    assertThat(PythonFloat.repr(1.0)).isEqualTo("1.0");
    assertThat(PythonFloat.repr(0.0)).isEqualTo("0.0");
    assertThat(PythonFloat.repr(-0.0)).isEqualTo("-0.0");
  }

  @Test
  void nonFiniteValuesAsJsonDumpWritesThem() {
    assertThat(PythonFloat.repr(Double.NaN)).isEqualTo("NaN");
    assertThat(PythonFloat.repr(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    assertThat(PythonFloat.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
  }

  @Test
  void everyReprReadsBackToTheSameDouble() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      double x = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble() * Math.pow(10,
          random.nextInt(-8, 20));
      if (!Double.isFinite(x)) continue;
      assertThat(Double.parseDouble(PythonFloat.repr(x))).as("repr of %s", x).isEqualTo(x);
    }
  }

  @Test
  void theBisectionFindsWhatTheScanFinds() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      double x = switch (i % 4) {
        case 0 -> Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
        case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-9, 19));
        case 2 -> random.nextInt(1, 100_000) / 1000.0; // latencies and rates as steps report them
        default -> Math.scalb(1.0, random.nextInt(-1074, 1024)); // powers of two, the asymmetric case
      };
      if (!Double.isFinite(x) || x == 0) continue;
      assertThat(PythonFloat.shortest(x)).as("%s", Double.toHexString(x)).isEqualTo(PythonFloat.shortestByScan(x));
    }
  }

  /** Cross-checks 3000 random doubles against the real Python, when a python3 is on the PATH. */
  @Test
  void agreesWithPythonOnRandomDoubles() throws Exception {
    Path python = findPython();
    Assumptions.assumeTrue(python != null, "python3 not installed");
    SplittableRandom random = new SplittableRandom(7);
    List<Double> values = new ArrayList<>();
    while (values.size() < 3000) {
      double x = values.size() % 3 == 0 ? Double.longBitsToDouble(random.nextLong())
          : random.nextDouble() * Math.pow(10, random.nextInt(-9, 19));
      if (Double.isFinite(x)) values.add(x);
    }
    Process p = new ProcessBuilder(python.toString(), "-c",
        "import sys\nfor line in sys.stdin: print(repr(float.fromhex(line.strip())))").start();
    try (Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII)) {
      for (double v : values) w.write(Double.toHexString(v) + "\n");
    }
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) lines.add(line);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(lines).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      assertThat(PythonFloat.repr(values.get(i))).as("bits %s", Double.toHexString(values.get(i)))
          .isEqualTo(lines.get(i));
    }
  }

  static Path findPython() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "python3");
      if (Files.isExecutable(candidate)) return candidate;
    }
    return null;
  }
}
