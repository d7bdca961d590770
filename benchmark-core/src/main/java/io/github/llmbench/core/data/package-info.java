/**
 * Prompts from files and real tokenizers: {@link io.github.llmbench.core.data.DatasetFiles} reads a JSONL dataset
 * for {@link io.github.llmbench.api.RequestBuilders#dataset}, {@link io.github.llmbench.core.data.Tokenizers}
 * gives OpenAI's encodings (JTokkit) for {@link io.github.llmbench.api.RequestBuilders#synthetic}.
 */
@NullMarked
package io.github.llmbench.core.data;

import org.jspecify.annotations.NullMarked;
