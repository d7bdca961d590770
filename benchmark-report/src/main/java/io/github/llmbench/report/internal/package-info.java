/** Implementation of the report formats; not part of the public API and free to change. */
@NullMarked
package io.github.llmbench.report.internal;

import org.jspecify.annotations.NullMarked;
