package io.github.llmbench.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Service-level objectives a request must meet to count toward {@link Goodput}. Each bound is optional; a request
 * meets the SLO when it succeeded and is within every bound that is set. The time-to-first-token and
 * time-per-output-token bounds need stream timing: a request that was not streamed cannot show it met them, so it
 * does not count. Immutable.
 *
 * <pre>{@code
 * Slo slo = Slo.builder().ttft(Duration.ofMillis(500)).tpot(Duration.ofMillis(50)).e2e(Duration.ofSeconds(10)).build();
 * }</pre>
 *
 * @param ttft bound on the time to first token
 * @param tpot bound on the time per output token (a request with one output token has none and meets it)
 * @param e2e bound on the end-to-end latency
 */
public record Slo(Optional<Duration> ttft, Optional<Duration> tpot, Optional<Duration> e2e) {
  /** @throws IllegalArgumentException if a bound is not positive or no bound is set */
  public Slo {
    Objects.requireNonNull(ttft, "ttft");
    Objects.requireNonNull(tpot, "tpot");
    Objects.requireNonNull(e2e, "e2e");
    check("ttft", ttft);
    check("tpot", tpot);
    check("e2e", e2e);
    if (ttft.isEmpty() && tpot.isEmpty() && e2e.isEmpty()) {
      throw new IllegalArgumentException("slo (no bound) should set at least one of ttft, tpot, e2e");
    }
  }

  private static void check(String field, Optional<Duration> d) {
    if (d.isPresent() && (d.get().isNegative() || d.get().isZero())) {
      throw new IllegalArgumentException("slo " + field + " (" + d.get() + ") should be positive");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether a request met every bound. */
  public boolean met(RequestOutcome o) {
    if (!o.success()) return false;
    if (e2e.isPresent() && o.latencyNanos() > e2e.get().toNanos()) return false;
    if (ttft.isEmpty() && tpot.isEmpty()) return true;
    RequestOutcome.StreamTiming t = o.streamTiming();
    if (t == null) return false;
    if (ttft.isPresent() && t.ttftNanos() > ttft.get().toNanos()) return false;
    if (tpot.isPresent()) {
      double v = t.tpotNanos(o.completionTokens());
      if (v >= 0 && v > tpot.get().toNanos()) return false;
    }
    return true;
  }

  /** E.g. {@code "ttft<=500ms, tpot<=50ms, e2e<=10000ms"}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    ttft.ifPresent(d -> parts.add("ttft<=" + ms(d)));
    tpot.ifPresent(d -> parts.add("tpot<=" + ms(d)));
    e2e.ifPresent(d -> parts.add("e2e<=" + ms(d)));
    return String.join(", ", parts);
  }

  private static String ms(Duration d) {
    double ms = d.toNanos() / 1e6;
    return ms == Math.rint(ms) ? String.format(Locale.ROOT, "%dms", (long) ms)
        : String.format(Locale.ROOT, "%sms", ms);
  }

  /** Mutable, not thread-safe. */
  public static final class Builder {
    private @Nullable Duration ttft;
    private @Nullable Duration tpot;
    private @Nullable Duration e2e;

    private Builder() {}

    public Builder ttft(Duration bound) {
      this.ttft = Objects.requireNonNull(bound, "ttft");
      return this;
    }

    public Builder tpot(Duration bound) {
      this.tpot = Objects.requireNonNull(bound, "tpot");
      return this;
    }

    public Builder e2e(Duration bound) {
      this.e2e = Objects.requireNonNull(bound, "e2e");
      return this;
    }

    /** @throws IllegalArgumentException if no bound is set or a bound is not positive */
    public Slo build() {
      return new Slo(Optional.ofNullable(ttft), Optional.ofNullable(tpot), Optional.ofNullable(e2e));
    }
  }
}
