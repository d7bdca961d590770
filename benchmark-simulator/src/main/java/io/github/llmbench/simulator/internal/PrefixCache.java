package io.github.llmbench.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * vLLM's automatic prefix caching, by blocks: a prompt is cut into blocks of {@value #BLOCK_TOKENS} tokens
 * ({@value #BLOCK_CHARS} characters of its text, the simulator's 4 characters a token), each block named by a hash
 * of itself and every block before it, so a block is found only after the same prefix. A new request's cached
 * tokens are those of its leading blocks already held, never its last token (vLLM always computes that one); then
 * all its full blocks are held. The least recently used blocks are evicted past the capacity. Thread-safe.
 */
final class PrefixCache {
  /** vLLM's default {@code --block-size}. */
  static final int BLOCK_TOKENS = 16;
  static final int BLOCK_CHARS = 4 * BLOCK_TOKENS;

  private final Map<Long, Boolean> blocks;

  /** @param capacityBlocks the most blocks held */
  PrefixCache(int capacityBlocks) {
    this.blocks = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > capacityBlocks;
      }
    };
  }

  /**
   * Looks the prompt up, then holds its blocks.
   *
   * @param blockHashes the prompt's full blocks, as {@link #blockHashes(CharSequence)} names them
   * @param promptTokens its tokens
   * @return how many of its tokens were cached
   */
  synchronized int cachedTokens(long[] blockHashes, int promptTokens) {
    int hit = 0;
    while (hit < blockHashes.length && blocks.containsKey(blockHashes[hit])) hit++;
    for (long hash : blockHashes) blocks.put(hash, Boolean.TRUE);
    return Math.max(0, Math.min(hit * BLOCK_TOKENS, promptTokens - 1));
  }

  /** The chained hashes of the text's full blocks: block i's depends on blocks 0 to i (FNV-1a, 64 bits). */
  static long[] blockHashes(CharSequence text) {
    long[] hashes = new long[text.length() / BLOCK_CHARS];
    long hash = 0xcbf29ce484222325L;
    for (int b = 0; b < hashes.length; b++) {
      for (int c = b * BLOCK_CHARS; c < (b + 1) * BLOCK_CHARS; c++) {
        hash ^= text.charAt(c);
        hash *= 0x100000001b3L;
      }
      hashes[b] = hash;
    }
    return hashes;
  }
}
