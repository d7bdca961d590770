/**
 * JUnit 5 support: {@code @LlmBenchTest} and AssertJ assertions on results. The extension behind the annotation
 * ({@code io.github.llmbench.junit.internal}) is not exported; JUnit instantiates it by reflection, hence the
 * qualified {@code opens}.
 */
module io.github.llmbench.junit {
  requires transitive io.github.llmbench.api;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  // isNotSlowerThan takes a report.compare.RunComparator.
  requires transitive io.github.llmbench.report;
  requires io.github.llmbench.core;
  requires io.github.llmbench.simulator;
  requires static org.jspecify;

  exports io.github.llmbench.junit;
  opens io.github.llmbench.junit.internal to org.junit.platform.commons;
}
