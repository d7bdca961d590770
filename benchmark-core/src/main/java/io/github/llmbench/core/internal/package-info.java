/** Implementation of the engine. Not API: anything here may change without notice. */
@NullMarked
package io.github.llmbench.core.internal;

import org.jspecify.annotations.NullMarked;
