/**
 * The {@code llmbench} command line, an application: it exports nothing. Run it on the module path with
 * {@code java -p <jars> -m io.github.llmbench.cli}.
 */
module io.github.llmbench.cli {
  requires io.github.llmbench.api;
  requires io.github.llmbench.core;
  requires io.github.llmbench.report;
  requires io.github.llmbench.simulator;
  // --tokenizer FILE reads a Hugging Face tokenizer.json.
  requires io.github.llmbench.tokenizers.hf;
  requires info.picocli;
  requires okhttp3;
  requires com.fasterxml.jackson.databind;
  // StopSignals handles SIGINT and SIGTERM through sun.misc.Signal.
  requires jdk.unsupported;
  // --shards N gives each child JVM this JVM's options (RuntimeMXBean).
  requires java.management;
  requires static org.jspecify;

  // picocli sets the @Option and @Parameters fields of the command classes by reflection.
  opens io.github.llmbench.cli to info.picocli;
}
