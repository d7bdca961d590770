/**
 * Test support: AssertJ assertions on benchmark results ({@link io.github.llmbench.junit.LlmBenchAssertions}) and
 * {@link io.github.llmbench.junit.LlmBenchTest}, which hands a JUnit 5 test its target: an in-process simulator by
 * default, a real server when one is configured (skipping the test, with the reason, when it does not answer).
 */
@NullMarked
package io.github.llmbench.junit;

import org.jspecify.annotations.NullMarked;
