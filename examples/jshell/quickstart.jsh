// llmbench quickstart for JShell: a three-step benchmark against the in-process simulated server.
//
//   jshell --class-path benchmark-cli/target/llmbench.jar examples/jshell/quickstart.jsh
//
// (build the jar first, at the root: mvn -B -q -DskipTests package). To benchmark a real server instead, replace
// the target with Target.of("http://localhost:8000", "your-model") and drop the two server lines.
// JShell ends a statement at the end of a line when it is complete, so chained calls put the dot at the line's end.

import io.github.llmbench.api.*
import io.github.llmbench.core.*
import io.github.llmbench.simulator.*
import java.util.Locale

// A vLLM-like server on 127.0.0.1 and a free port; timeScale 0.05 runs its engine 20x faster than real time.
var server = SimulatedLlmServer.start(SimulatorConfig.builder().timeScale(0.05).build());

var chat = RequestBuilders.chat("Explain continuous batching in one paragraph.", 32);

var benchmark = Benchmark.builder().
    name("jshell-quickstart").
    target(Target.of(server.baseUrl(), server.model())).
    phases(
        Phase.builder("baseline").addStep(Step.of("c1", Load.concurrency(1), 5, chat)).providesBaseline().build(),
        Phase.builder("scaling").
            addStep(Step.of("c4", Load.concurrency(4), 20, chat)).
            addStep(Step.of("c16", Load.concurrency(16), 64, chat)).
            compareToBaseline().compareToPreviousStep().
            build()).
    build();

var result = LlmBench.run(benchmark);

System.out.printf(Locale.ROOT, "%-6s %5s %7s  %-10s %8s %8s %11s%n", "step", "conc", "ok", "status", "p50 s", "p99 s", "wall tok/s");
for (var s : result.steps()) {
  System.out.printf(Locale.ROOT, "%-6s %5d %7s  %-10s %8.3f %8.3f %11.1f%n", s.testName(), s.concurrency(),
      s.statistics().successful() + "/" + s.numRequests(), s.status(), s.latencyP50Sec(), s.latencyP99Sec(),
      s.statistics().measured().wallThroughputTotal());
}
System.out.println(result.completed() ? "Run complete." : "Run ended early: " + result.abortReason());

server.close();
/exit
