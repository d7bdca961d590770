package io.github.llmbench.junit.internal;

import io.github.llmbench.api.Target;
import io.github.llmbench.core.TargetCheck;
import io.github.llmbench.junit.LlmBenchTest;
import io.github.llmbench.simulator.SimulatedLlmServer;
import io.github.llmbench.simulator.SimulatorConfig;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link LlmBenchTest}. Not API: use the annotation.
 *
 * <p>Run-wide resources (simulators, reachability checks) live in the root context's store, so they are created
 * once per run and JUnit closes the simulators when the run ends. The reachability check is an
 * {@link ExecutionCondition}, because an abort thrown while resolving a parameter would be reported as a failure;
 * a condition skips the test or class before any of its code runs.
 */
public final class LlmBenchExtension implements ParameterResolver, ExecutionCondition {
  /** How long the reachability check waits for an answer. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LlmBenchExtension.class);

  /** Simulators are shared per configuration. */
  private record SimulatorKey(double timeScale) {}

  /** Reachability checks are shared per target. */
  private record CheckKey(String baseUrl) {}

  /** The outcome of one reachability check: {@code problem} is null when the target answered. */
  private record CheckResult(@Nullable String problem) {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    TargetSettings settings = settings(context);
    if (!settings.real()) return ConditionEvaluationResult.enabled("llmbench: simulated target");
    Target target;
    try {
      target = settings.realTarget();
    } catch (IllegalArgumentException e) {
      // A configuration error: let parameter resolution fail the test with the message.
      return ConditionEvaluationResult.enabled("llmbench: " + e.getMessage());
    }
    Optional<Method> method = context.getTestMethod();
    if (method.isPresent() && Arrays.stream(method.get().getParameterTypes()).anyMatch(SimulatedLlmServer.class::equals)) {
      return ConditionEvaluationResult.disabled("llmbench: this test needs the simulated server but a real target is "
          + "configured (" + target.baseUrl() + ")");
    }
    String problem = reachability(context, target).problem();
    if (problem != null) {
      return ConditionEvaluationResult.disabled(
          "llmbench: real target " + target.baseUrl() + " is unreachable: " + cause(problem, target.baseUrl()));
    }
    return ConditionEvaluationResult.enabled("llmbench: real target " + target.baseUrl() + " answers");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == Target.class || type == SimulatedLlmServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Class<?> type = parameterContext.getParameter().getType();
    TargetSettings settings = settings(context);
    if (settings.real()) {
      if (type == SimulatedLlmServer.class) {
        throw new ParameterResolutionException("llmbench: a SimulatedLlmServer was asked for but a real target is "
            + "configured (" + settings.baseUrl() + ")");
      }
      try {
        return settings.realTarget();
      } catch (IllegalArgumentException e) {
        throw new ParameterResolutionException("llmbench: " + e.getMessage(), e);
      }
    }
    SimulatedLlmServer server = simulator(context, timeScale(context));
    return type == SimulatedLlmServer.class ? server : Target.of(server.baseUrl(), server.model());
  }

  /**
   * JUnit configuration parameters, then system properties (the launcher usually includes them, but not every
   * launcher does), then the environment.
   */
  private static TargetSettings settings(ExtensionContext context) {
    return TargetSettings.read(
        key -> context.getConfigurationParameter(key).or(() -> Optional.ofNullable(System.getProperty(key))),
        System::getenv);
  }

  private static SimulatedLlmServer simulator(ExtensionContext context, double timeScale) {
    SimulatorConfig config;
    try {
      config = SimulatorConfig.builder().timeScale(timeScale).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterResolutionException("llmbench: @LlmBenchTest " + e.getMessage(), e);
    }
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    return store.getOrComputeIfAbsent(new SimulatorKey(timeScale), key -> SimulatedLlmServer.start(config),
        SimulatedLlmServer.class);
  }

  private static CheckResult reachability(ExtensionContext context, Target target) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    return store.getOrComputeIfAbsent(new CheckKey(target.baseUrl()),
        key -> new CheckResult(TargetCheck.problem(target, CHECK_TIMEOUT).orElse(null)), CheckResult.class);
  }

  /** The settings of the nearest {@link LlmBenchTest}: on the method, its class, or an enclosing class. */
  private static double timeScale(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      Optional<AnnotatedElement> element = c.getElement();
      if (element.isPresent()) {
        Optional<LlmBenchTest> annotation = AnnotationSupport.findAnnotation(element.get(), LlmBenchTest.class);
        if (annotation.isPresent()) return annotation.get().timeScale();
      }
    }
    return 0.1;
  }

  /** {@code "cannot reach http://h:1: connection refused"} becomes {@code "connection refused"}. */
  static String cause(String problem, String baseUrl) {
    String prefix = "cannot reach " + baseUrl + ": ";
    return problem.startsWith(prefix) ? problem.substring(prefix.length()) : problem;
  }
}
