/**
 * The llmbench API: what a benchmark is (targets, workloads, loads, steps, policies) and what it returns. Depends on
 * the JDK only.
 */
module io.github.llmbench.api {
  // Nullness annotations only: needed to compile, optional at run time.
  requires static org.jspecify;

  exports io.github.llmbench.api;
}
