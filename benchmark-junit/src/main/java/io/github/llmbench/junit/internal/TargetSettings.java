package io.github.llmbench.junit.internal;

import io.github.llmbench.api.Target;
import io.github.llmbench.junit.LlmBenchTest;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link LlmBenchTest} tests point: a real server when a base URL is configured, else the simulator.
 * Reads its sources through functions so it can be tested without touching the process environment.
 *
 * @param baseUrl the real server's base URL; {@code null} means "simulate"
 * @param model the real server's model, if configured
 * @param apiKey the real server's API key, if configured (never shown by {@link #toString()})
 */
record TargetSettings(@Nullable String baseUrl, @Nullable String model, @Nullable String apiKey) {
  /**
   * @param property a system property or JUnit configuration parameter by name
   * @param env an environment variable by name, {@code null} when unset
   */
  static TargetSettings read(Function<String, Optional<String>> property, Function<String, @Nullable String> env) {
    return new TargetSettings(
        first(property.apply(LlmBenchTest.BASE_URL_PROPERTY), env.apply(LlmBenchTest.BASE_URL_ENV)),
        first(property.apply(LlmBenchTest.MODEL_PROPERTY), env.apply(LlmBenchTest.MODEL_ENV)),
        blankToNull(env.apply(LlmBenchTest.API_KEY_ENV)));
  }

  private static @Nullable String first(Optional<String> property, @Nullable String env) {
    String p = blankToNull(property.orElse(null));
    return p != null ? p : blankToNull(env);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  boolean real() {
    return baseUrl != null;
  }

  /**
   * The real target.
   *
   * @throws IllegalStateException if no base URL is configured
   * @throws IllegalArgumentException if the model is missing or the base URL is not a valid http(s) URL
   */
  Target realTarget() {
    if (baseUrl == null) throw new IllegalStateException("no real target is configured");
    if (model == null) {
      throw new IllegalArgumentException("real target " + baseUrl + " needs a model: set -D"
          + LlmBenchTest.MODEL_PROPERTY + "=NAME or " + LlmBenchTest.MODEL_ENV);
    }
    return Target.builder().baseUrl(baseUrl).model(model).apiKey(apiKey).build();
  }

  @Override
  public String toString() {
    return "TargetSettings[baseUrl=" + (baseUrl == null ? "simulator" : baseUrl) + ", model=" + model
        + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
  }
}
