/**
 * The {@code llmbench} command line: {@code run} (the default: the unified benchmark or a custom run),
 * {@code simulate} (the simulated server) and {@code report}. Entry point {@link io.github.llmbench.cli.LlmBenchCli}.
 */
@NullMarked
package io.github.llmbench.cli;

import org.jspecify.annotations.NullMarked;
