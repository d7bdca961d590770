/**
 * Prompts sized with a Hugging Face {@code tokenizer.json} the user supplies, read by DJL's tokenizers (whose jar
 * carries the native library for the common platforms): optional, so that the core stays free of native code.
 */
module io.github.llmbench.tokenizers.hf {
  // FileTokenizer implements the API's Tokenizer.
  requires transitive io.github.llmbench.api;
  // DJL names its modules in its manifests (Automatic-Module-Name).
  requires ai.djl.tokenizers;
  requires static org.jspecify;

  exports io.github.llmbench.tokenizers.hf;
}
