/**
 * Test support: AssertJ assertions on benchmark results ({@link io.github.llmbench.junit.LlmBenchAssertions}) and a
 * JUnit 5 extension that hands a test its target.
 */
@NullMarked
package io.github.llmbench.junit;

import org.jspecify.annotations.NullMarked;
