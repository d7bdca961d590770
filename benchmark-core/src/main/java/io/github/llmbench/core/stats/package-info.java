/**
 * Statistics of llmbench with Apache Commons Math: confidence intervals for a step's figures (Wilson score intervals
 * for proportions, distribution-free order-statistic intervals for quantiles and their ratios, a seeded percentile
 * bootstrap for differences of quantiles in run comparison), rule decisions marked firm, marginal or unbounded ({@link io.github.llmbench.core.stats.RuleDecisions}), and the two-sample tests of run
 * comparison ({@link io.github.llmbench.core.stats.TwoSampleTests}). Pure functions of their inputs: no clock, no
 * shared state; a bootstrap with the same seed gives the same interval.
 */
@NullMarked
package io.github.llmbench.core.stats;

import org.jspecify.annotations.NullMarked;
