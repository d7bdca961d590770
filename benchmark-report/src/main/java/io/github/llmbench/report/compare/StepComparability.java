package io.github.llmbench.report.compare;

import io.github.llmbench.api.Load;
import io.github.llmbench.api.OpenLoopStatistics;
import io.github.llmbench.api.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether two runs of a step measured the same thing, so that their difference means something: same
 * load (concurrency, number of requests, open-loop schedule and the rate actually achieved), same request shape
 * (text or vision, streamed or not). Implementations are stateless and thread-safe.
 *
 * <p>The hook for more: when steps record their request shape (tokens asked and served, max tokens, images) or
 * their achieved concurrency, add a check with {@link #and}:
 *
 * <pre>{@code
 * StepComparability shape = (base, cand) -> base.shape().equals(cand.shape()) ? Optional.empty()
 *     : Optional.of("request shape " + base.shape() + " vs " + cand.shape());
 * RunComparator comparator = RunComparator.ofDefaults().withComparability(StepComparability.standard().and(shape));
 * }</pre>
 */
@FunctionalInterface
public interface StepComparability {
  /** Open-loop steps whose achieved rates differ by more than this share are not comparable. */
  double ACHIEVED_RATE_TOLERANCE = 0.10;

  /**
   * Why these two steps cannot be compared, e.g. {@code "concurrency 50 vs 25"} (baseline first); empty when they
   * can.
   */
  Optional<String> whyNotComparable(StepResult baseline, StepResult candidate);

  /** Both checks; the reasons of both are joined with {@code "; "}. */
  default StepComparability and(StepComparability other) {
    Objects.requireNonNull(other, "other");
    return (b, c) -> {
      Optional<String> first = whyNotComparable(b, c);
      Optional<String> second = other.whyNotComparable(b, c);
      if (first.isEmpty()) return second;
      return Optional.of(second.map(s -> first.get() + "; " + s).orElse(first.get()));
    };
  }

  /**
   * The checks possible on today's results: phase, {@code test_type}, concurrency, {@code num_requests}, closed
   * versus open loop, the open loop's arrival process and target rate, its achieved rate (within
   * {@link #ACHIEVED_RATE_TOLERANCE}), and streaming on or off.
   */
  static StepComparability standard() {
    return (b, c) -> {
      List<String> reasons = new ArrayList<>();
      differ(reasons, "phase", b.phase(), c.phase());
      differ(reasons, "test_type", b.testType(), c.testType());
      differ(reasons, "concurrency", b.concurrency(), c.concurrency());
      differ(reasons, "num_requests", b.numRequests(), c.numRequests());
      Optional<OpenLoopStatistics> ob = b.statistics().measured().openLoop();
      Optional<OpenLoopStatistics> oc = c.statistics().measured().openLoop();
      if (ob.isPresent() != oc.isPresent()) {
        reasons.add("load " + (ob.isPresent() ? "open loop" : "closed loop") + " vs "
            + (oc.isPresent() ? "open loop" : "closed loop"));
      } else if (ob.isPresent()) {
        differ(reasons, "arrival", ob.get().arrivalLabel(), oc.get().arrivalLabel());
        differ(reasons, "ramp", ob.get().ramp().map(Load.Ramp::describe).orElse("none"),
            oc.get().ramp().map(Load.Ramp::describe).orElse("none"));
        differ(reasons, "target rate", ob.get().targetRatePerSec(), oc.get().targetRatePerSec());
        double rb = ob.get().achievedRatePerSec();
        double rc = oc.get().achievedRatePerSec();
        if (Math.abs(rb - rc) > ACHIEVED_RATE_TOLERANCE * Math.max(rb, rc)) {
          reasons.add(String.format(Locale.ROOT, "achieved rate %.2f/s vs %.2f/s", rb, rc));
        }
      }
      boolean sb = b.statistics().measured().stream().isPresent();
      boolean sc = c.statistics().measured().stream().isPresent();
      if (sb != sc) reasons.add("streaming " + (sb ? "on" : "off") + " vs " + (sc ? "on" : "off"));
      return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    };
  }

  private static void differ(List<String> reasons, String field, Object baseline, Object candidate) {
    if (!baseline.equals(candidate)) reasons.add(field + " " + baseline + " vs " + candidate);
  }
}
