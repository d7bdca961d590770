/**
 * Statistics of llmbench with Apache Commons Math: confidence intervals for a step's figures (Wilson score intervals
 * for proportions, a seeded percentile bootstrap for quantiles and their ratios and differences), rule decisions
 * marked firm or marginal ({@link io.github.llmbench.core.stats.RuleDecisions}), and the two-sample tests of run
 * comparison ({@link io.github.llmbench.core.stats.TwoSampleTests}). Pure functions of their inputs: no clock, no
 * shared state; a bootstrap with the same seed gives the same interval.
 */
@NullMarked
package io.github.llmbench.core.stats;

import org.jspecify.annotations.NullMarked;
