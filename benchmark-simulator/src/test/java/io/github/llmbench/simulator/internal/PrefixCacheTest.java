package io.github.llmbench.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The prefix cache on its own: block hashes chained over the prefix, the last token never cached, LRU eviction. */
class PrefixCacheTest {
  private static final String BLOCK_A = "a".repeat(PrefixCache.BLOCK_CHARS);
  private static final String BLOCK_B = "b".repeat(PrefixCache.BLOCK_CHARS);

  @Test
  void aBlockIsFoundOnlyBehindTheSamePrefix() {
    long[] ab = PrefixCache.blockHashes(BLOCK_A + BLOCK_B + "tail");
    long[] ba = PrefixCache.blockHashes(BLOCK_B + BLOCK_A);
    assertThat(ab).hasSize(2); // "tail" is no full block
    assertThat(ab[1]).isNotEqualTo(PrefixCache.blockHashes(BLOCK_B)[0]);
    PrefixCache cache = new PrefixCache(100);
    assertThat(cache.cachedTokens(ab, 40)).isZero();
    assertThat(cache.cachedTokens(ab, 40)).isEqualTo(32);
    assertThat(cache.cachedTokens(ba, 32)).as("B first is another prefix").isZero();
    // A prompt that is exactly its blocks still computes its last token.
    assertThat(cache.cachedTokens(PrefixCache.blockHashes(BLOCK_A + BLOCK_B), 32)).isEqualTo(31);
  }

  @Test
  void theLeastRecentlyUsedBlocksGoFirst() {
    PrefixCache cache = new PrefixCache(2);
    long[] a = PrefixCache.blockHashes(BLOCK_A);
    long[] b = PrefixCache.blockHashes(BLOCK_B);
    long[] ab = PrefixCache.blockHashes(BLOCK_A + BLOCK_B);
    cache.cachedTokens(a, 20);
    cache.cachedTokens(b, 20);
    assertThat(cache.cachedTokens(a, 20)).isEqualTo(16); // a is now the most recent
    cache.cachedTokens(ab, 40); // holds a's and ab's second block: b is evicted
    assertThat(cache.cachedTokens(b, 20)).isZero();
    assertThat(cache.cachedTokens(a, 20)).as("evicted when b came back").isZero();
  }
}
