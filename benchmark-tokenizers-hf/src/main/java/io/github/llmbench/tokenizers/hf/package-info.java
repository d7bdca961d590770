/**
 * A Hugging Face {@code tokenizer.json} as an {@link io.github.llmbench.api.Tokenizer}
 * ({@link io.github.llmbench.tokenizers.hf.HuggingFaceTokenizers#fromFile}), in its own module so that
 * {@code benchmark-core} carries no native code.
 */
@NullMarked
package io.github.llmbench.tokenizers.hf;

import org.jspecify.annotations.NullMarked;
