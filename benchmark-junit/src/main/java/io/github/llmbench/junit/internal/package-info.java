/** Implementation of the JUnit integration. Not API: use {@link io.github.llmbench.junit.LlmBenchTest}. */
@NullMarked
package io.github.llmbench.junit.internal;

import org.jspecify.annotations.NullMarked;
