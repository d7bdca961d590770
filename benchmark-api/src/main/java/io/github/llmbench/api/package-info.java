/**
 * The vocabulary of llmbench: immutable benchmark descriptions ({@link io.github.llmbench.api.Benchmark},
 * {@link io.github.llmbench.api.Phase}, {@link io.github.llmbench.api.Step}), the plug-in points
 * ({@link io.github.llmbench.api.RequestBuilder}, {@link io.github.llmbench.api.StatusPolicy},
 * {@link io.github.llmbench.api.MetricSink}) and the result records. Depends on the JDK only.
 */
@NullMarked
package io.github.llmbench.api;

import org.jspecify.annotations.NullMarked;
