package io.github.llmbench.junit;

import io.github.llmbench.junit.internal.LlmBenchExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a JUnit 5 performance test that gets its server under test injected, so the same test runs on a laptop
 * (against a simulator) and in a GPU pipeline (against a real server) without changes.
 *
 * <p>Parameters of type {@link io.github.llmbench.api.Target} (test methods, lifecycle methods, constructors) get:
 *
 * <ul>
 *   <li><b>by default</b>, a running {@link io.github.llmbench.simulator.SimulatedLlmServer}, started on first use,
 *       shared by every test of the run that asks for the same {@link #timeScale()}, and closed when the run ends;
 *       a parameter of type {@code SimulatedLlmServer} gets that server itself (for its statistics);
 *   <li><b>a real server</b> when the system property {@value #BASE_URL_PROPERTY} (or a JUnit configuration
 *       parameter of that name) or the environment variable {@value #BASE_URL_ENV} is set. The model comes from
 *       {@value #MODEL_PROPERTY} / {@value #MODEL_ENV} (required then), the API key only from the environment
 *       variable {@value #API_KEY_ENV} (it is never printed). If nothing answers at that URL, the annotated tests
 *       are <b>skipped</b>, not failed, with a reason such as
 *       {@code llmbench: real target http://gpu-box:8000 is unreachable: connection refused}. A test that asks
 *       for a {@code SimulatedLlmServer} is skipped too when a real server is configured.
 * </ul>
 *
 * <pre>{@code
 * @LlmBenchTest
 * class ChatLatencyTest {
 *   @Test
 *   void p99StaysUnderTwoSecondsAtEightUsers(Target target) {
 *     BenchmarkResult result = LlmBench.run(Benchmark.builder().target(target)
 *         .phases(Phase.of("gate", Step.of("c8", io.github.llmbench.api.Load.concurrency(8), 32, RequestBuilders.chat("Hello", 64)))).build());
 *     assertThat(result).step("c8").latencyP99().isLessThan(Duration.ofSeconds(2));
 *   }
 * }
 * }</pre>
 *
 * <p>Relies on JUnit closing {@code AutoCloseable} values of the extension store at the end of the run (the
 * default since JUnit 5.13; see {@code junit.jupiter.extensions.store.close.autocloseable.enabled}).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LlmBenchExtension.class)
public @interface LlmBenchTest {
  /** System property (or JUnit configuration parameter) naming a real server's base URL, without {@code /v1}. */
  String BASE_URL_PROPERTY = "llmbench.baseUrl";
  /** Environment variable naming a real server's base URL; the system property wins when both are set. */
  String BASE_URL_ENV = "LLMBENCH_BASE_URL";
  /** System property (or JUnit configuration parameter) naming the real server's model. */
  String MODEL_PROPERTY = "llmbench.model";
  /** Environment variable naming the real server's model. */
  String MODEL_ENV = "LLMBENCH_MODEL";
  /** Environment variable holding the real server's API key, sent as a bearer token. */
  String API_KEY_ENV = "LLMBENCH_API_KEY";

  /**
   * The simulator's {@code timeScale}: 1.0 is vLLM-like, 0.1 (the default) makes every engine step ten times
   * shorter so tests stay fast. Ignored when a real server is configured.
   */
  double timeScale() default 0.1;
}
