package io.github.llmbench.api;

import java.util.Locale;

/** How an open loop spaces its arrivals. */
public enum Arrival {
  /** Evenly spaced: request {@code i} at {@code i / rate}. */
  CONSTANT,
  /** A Poisson process: exponential gaps drawn from a seed. */
  POISSON;

  /** The lower-case name used in reports ({@code "constant"}, {@code "poisson"}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
