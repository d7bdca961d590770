package io.github.llmbench.api;

import java.util.SplittableRandom;

/**
 * Random draws that depend only on a seed and a request index, never on threads, timing or earlier draws, so that a
 * request gets the same prompt in every run, on every shard and in any order of building.
 */
final class SeededDraws {
  /** Salts that keep the streams of one seed apart (input lengths, output lengths, prompt offsets). */
  static final long INPUT = 0x1A2B3C4D5E6F7081L;
  static final long OUTPUT = 0x7F4A7C159E3779B9L;
  static final long OFFSET = 0x2545F4914F6CDD1DL;

  private SeededDraws() {}

  /** SplitMix64's finaliser of {@code seed + (index + 1) * golden gamma}: a well-mixed 64-bit key. */
  static long mix(long seed, long index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A generator for one request: {@code new SplittableRandom(mix(seed, index))}. */
  static SplittableRandom random(long seed, long index) {
    return new SplittableRandom(mix(seed, index));
  }
}
