/** Server-sent events decoding for streamed completions. Internal: not part of the public API. */
@NullMarked
package io.github.llmbench.core.internal.sse;

import org.jspecify.annotations.NullMarked;
