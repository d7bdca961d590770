package io.github.llmbench.api;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * How a step offers its requests: a {@link ClosedLoop} (a fixed number of workers, each sending its next request
 * when its previous one ends) or an {@link OpenLoop} (requests scheduled at a rate, whether or not earlier ones
 * have finished).
 */
public sealed interface Load {
  /** A closed loop of {@code workers} (each sends its next request as soon as its previous one ends). */
  static ClosedLoop concurrency(int workers) {
    return new ClosedLoop(workers);
  }

  /**
   * An open loop at {@code perSec} requests a second, evenly spaced, no ceiling on requests in flight; {@link
   * OpenLoop#poisson(long)}, {@link OpenLoop#gamma(double, long)}, {@link OpenLoop#ramp(Ramp)} and {@link
   * OpenLoop#maxConcurrency(int)} shape it.
   *
   * @throws IllegalArgumentException if the rate is not a positive finite number
   */
  static OpenLoop rate(double perSec) {
    return new OpenLoop(perSec, Arrival.CONSTANT, 1, 0, 0);
  }

  /**
   * An open loop that sends request {@code i} at {@code offsets[i]} after the step's start: a recorded trace's
   * times (Mooncake's {@code timestamp}s), or any fixed schedule. Its rate is the schedule's mean, {@code n / last};
   * {@link OpenLoop#maxConcurrency(int)} may cap it, and it takes no ramp and no drawn arrivals. The step sends the
   * first {@code numRequests} of them.
   *
   * @param offsets when each request is due, non-decreasing, the first at or after 0
   * @throws IllegalArgumentException if there is none, one is negative, or one comes before the one before it
   */
  static OpenLoop schedule(java.util.List<java.time.Duration> offsets) {
    java.util.List<java.time.Duration> times = java.util.List.copyOf(offsets);
    double lastSec = times.isEmpty() ? 0 : times.get(times.size() - 1).toNanos() / 1e9;
    double rate = lastSec > 0 ? (times.size() - 1) / lastSec : Math.max(1, times.size());
    return new OpenLoop(rate > 0 ? rate : 1, Arrival.TRACE, 1, 0, 0, java.util.Optional.empty(), Shard.WHOLE, times);
  }

  /**
   * The most requests this load can have in flight at once: the closed loop's concurrency, the open loop's
   * ceiling, or empty for an open loop without one.
   */
  java.util.OptionalInt concurrencyLimit();

  /**
   * A closed loop: exactly {@code concurrency} workers; each sends its next request as soon as its previous one
   * ended, so at most {@code concurrency} requests are in flight.
   *
   * @param concurrency workers, and so requests in flight at once
   */
  public record ClosedLoop(int concurrency, java.util.Optional<WorkerRamp> ramp) implements Load {
    /**
     * @throws IllegalArgumentException if {@code concurrency <= 0}, or the ramp starts with more workers than
     *     {@code concurrency}
     */
    public ClosedLoop {
      Checks.positive("concurrency", concurrency);
      java.util.Objects.requireNonNull(ramp, "ramp");
      if (ramp.isPresent() && ramp.get().fromWorkers() > concurrency) {
        throw new IllegalArgumentException("the ramp's fromWorkers (" + ramp.get().fromWorkers() + ") should be at "
            + "most concurrency (" + concurrency + ")");
      }
    }

    /** All {@code concurrency} workers from the step's start. */
    public ClosedLoop(int concurrency) {
      this(concurrency, java.util.Optional.empty());
    }

    /**
     * These workers, started as the ramp says: {@code fromWorkers} at the step's start, the rest one by one as the
     * ramp reaches them; each runs to the step's end once started.
     *
     * <pre>{@code
     * Load.concurrency(64).rampUp(Load.WorkerRamp.linear(4, Duration.ofSeconds(60)))  // 4 workers rising to 64 over a minute
     * }</pre>
     */
    public ClosedLoop rampUp(WorkerRamp ramp) {
      return new ClosedLoop(concurrency, java.util.Optional.of(ramp));
    }

    /**
     * When worker {@code worker} (0-based) starts, in nanoseconds after the step's start: 0 without a ramp, else when
     * the ramp's worker count reaches {@code worker + 1} ({@link WorkerRamp#startNanos}).
     */
    public long startNanos(int worker) {
      return ramp.map(r -> r.startNanos(worker, concurrency)).orElse(0L);
    }

    @Override
    public OptionalInt concurrencyLimit() {
      return OptionalInt.of(concurrency);
    }
  }

  /**
   * How an open-loop step schedules its requests: at a target rate, evenly spaced, as a Poisson process or with
   * gamma-distributed gaps (vLLM's {@code --burstiness}), optionally ramping up to that rate, whether or not earlier
   * requests have finished. Latency counts from each request's scheduled time, so a client or server that falls
   * behind shows in the figures (no coordinated omission).
   *
   * <p>Each gap is drawn at the rate in force when the previous request was scheduled ({@link #rateAt(double)}):
   * {@code 1 / rate} for {@link Arrival#CONSTANT}; exponential with mean {@code 1 / rate} for {@link Arrival#POISSON};
   * gamma with shape {@code burstiness} and scale {@code 1 / (rate x burstiness)} for {@link Arrival#GAMMA}, so the
   * mean gap is {@code 1 / rate} and its coefficient of variation {@code 1 / sqrt(burstiness)}, as vLLM's
   * {@code benchmarks/serve.py} draws them. Unlike vLLM, llmbench does not rescale the drawn gaps so that the last
   * request falls at exactly {@code n / rate}: the arrivals stay a true renewal process.
   *
   * @param ratePerSec target arrivals per second (after the ramp, when there is one)
   * @param arrival how gaps are drawn
   * @param burstiness the gamma shape for {@link Arrival#GAMMA} (below 1 burstier than Poisson, above 1 more even);
   *     1 for the other arrivals
   * @param seed the seed of the drawn gaps (ignored for {@link Arrival#CONSTANT})
   * @param maxConcurrency a ceiling on requests in flight (a request due while it is reached waits, and its wait
   *     counts in its latency); 0 for none
   * @param ramp how the rate rises to {@code ratePerSec} from the step's start, when it does
   * @param shard which arrivals of the schedule this load sends: every {@code shard.count()}-th, from
   *     {@code shard.index()}, at their offsets on the whole schedule ({@link Shard#WHOLE}: all of them)
   * @param schedule for {@link Arrival#TRACE}, when each request is due after the step's start ({@link
   *     Load#schedule(java.util.List)}); empty for the other arrivals
   */
  public record OpenLoop(double ratePerSec, Arrival arrival, double burstiness, long seed, int maxConcurrency,
      java.util.Optional<Ramp> ramp, Shard shard, java.util.List<java.time.Duration> schedule) implements Load {
    /**
     * @throws IllegalArgumentException if the rate or the burstiness is not a positive finite number, a Poisson or
     *     constant schedule has a burstiness other than 1, or the ceiling is negative
     */
    public OpenLoop {
      Checks.positive("ratePerSec", ratePerSec);
      java.util.Objects.requireNonNull(arrival, "arrival");
      Checks.positive("burstiness", burstiness);
      if (arrival != Arrival.GAMMA && burstiness != 1) {
        throw new IllegalArgumentException("burstiness (" + burstiness + ") applies to gamma arrivals only; "
            + arrival.label() + " arrivals have 1");
      }
      Checks.nonNegative("maxConcurrency", maxConcurrency);
      java.util.Objects.requireNonNull(ramp, "ramp");
      java.util.Objects.requireNonNull(shard, "shard");
      schedule = java.util.List.copyOf(schedule);
      if ((arrival == Arrival.TRACE) == schedule.isEmpty()) {
        throw new IllegalArgumentException(arrival == Arrival.TRACE ? "a trace's schedule should have at least one "
            + "time" : "a schedule (" + schedule.size() + " times) goes with trace arrivals only, not "
            + arrival.label());
      }
      if (arrival == Arrival.TRACE && ramp.isPresent()) {
        throw new IllegalArgumentException("a trace's schedule takes no ramp (" + ramp.get().describe() + ")");
      }
      for (int i = 0; i < schedule.size(); i++) {
        java.time.Duration at = schedule.get(i);
        if (at.isNegative() || (i > 0 && at.compareTo(schedule.get(i - 1)) < 0)) {
          throw new IllegalArgumentException("schedule[" + i + "] (" + at.toNanos() / 1e9 + " s) should be at or "
              + "after " + (i == 0 ? "0" : "schedule[" + (i - 1) + "] (" + schedule.get(i - 1).toNanos() / 1e9
              + " s)"));
        }
      }
    }

    /** The whole schedule, in one process, without a ramp. */
    public OpenLoop(double ratePerSec, Arrival arrival, double burstiness, long seed, int maxConcurrency) {
      this(ratePerSec, arrival, burstiness, seed, maxConcurrency, java.util.Optional.empty(), Shard.WHOLE,
          java.util.List.of());
    }

    /** This schedule with Poisson arrivals (exponential gaps) drawn from {@code seed}. */
    public OpenLoop poisson(long seed) {
      return new OpenLoop(ratePerSec, Arrival.POISSON, 1, seed, maxConcurrency, ramp, shard, java.util.List.of());
    }

    /**
     * This schedule with gamma-distributed gaps drawn from {@code seed}, as vLLM's {@code --burstiness}: shape
     * {@code burstiness}, mean {@code 1 / rate}. 1 gives the same gaps' distribution as {@link #poisson(long)}; 0.5
     * doubles their variance, 4 quarters it.
     *
     * @throws IllegalArgumentException if {@code burstiness} is not a positive finite number
     */
    public OpenLoop gamma(double burstiness, long seed) {
      return new OpenLoop(ratePerSec, Arrival.GAMMA, burstiness, seed, maxConcurrency, ramp, shard,
          java.util.List.of());
    }

    /** This schedule with at most {@code max} requests in flight. */
    public OpenLoop maxConcurrency(int max) {
      Checks.positive("maxConcurrency", max);
      return new OpenLoop(ratePerSec, arrival, burstiness, seed, max, ramp, shard, schedule);
    }

    /**
     * This schedule ramping up to its rate from the step's start.
     *
     * <pre>{@code
     * Load.rate(40).poisson(7).ramp(Load.Ramp.linear(5, Duration.ofSeconds(30)))  // 5/s rising to 40/s over 30 s
     * }</pre>
     */
    public OpenLoop ramp(Ramp ramp) {
      return new OpenLoop(ratePerSec, arrival, burstiness, seed, maxConcurrency, java.util.Optional.of(ramp), shard,
          schedule);
    }

    /** This schedule as the given shard's part of it, with the ceiling on requests in flight it is given. */
    OpenLoop part(Shard part, int partMaxConcurrency) {
      return new OpenLoop(ratePerSec, arrival, burstiness, seed, partMaxConcurrency, ramp, part, schedule);
    }

    /** The target rate {@code sec} seconds after the step's start: the ramp's while it lasts, then the rate. */
    public double rateAt(double sec) {
      return ramp.map(r -> r.rateAt(ratePerSec, sec)).orElse(ratePerSec);
    }

    /**
     * The arrivals the schedule expects in the first {@code sec} seconds: the integral of {@link #rateAt(double)},
     * what a step of that duration should send.
     */
    public double expectedArrivals(double sec) {
      return ramp.map(r -> r.expectedArrivals(ratePerSec, sec)).orElse(ratePerSec * sec);
    }

    @Override
    public java.util.OptionalInt concurrencyLimit() {
      return maxConcurrency > 0 ? java.util.OptionalInt.of(maxConcurrency) : java.util.OptionalInt.empty();
    }

    /** What an open loop without a ceiling may hold in flight: a second's worth of requests, at least 1. */
    public static int inFlightForRate(double ratePerSec) {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.ceil(ratePerSec)));
    }
  }

  /**
   * How a closed loop's workers rise to its concurrency from the step's start: {@code fromWorkers} at once, then,
   * linearly ({@code from + (to - from) t / over}) or exponentially ({@code from (to / from)^(t / over)}), worker
   * {@code w} starts when that count reaches {@code w + 1}; all of them by {@code over}. Immutable.
   *
   * @param shape linear or exponential
   * @param fromWorkers the workers at the step's start, at least 1
   * @param over how long the ramp lasts
   */
  public record WorkerRamp(Ramp.Shape shape, int fromWorkers, java.time.Duration over) {
    /** @throws IllegalArgumentException if {@code fromWorkers} or the duration is not positive */
    public WorkerRamp {
      java.util.Objects.requireNonNull(shape, "shape");
      Checks.positive("fromWorkers", fromWorkers);
      Checks.positive("over", over);
    }

    /** From {@code fromWorkers}, one more worker every {@code over / (concurrency - fromWorkers)}. */
    public static WorkerRamp linear(int fromWorkers, java.time.Duration over) {
      return new WorkerRamp(Ramp.Shape.LINEAR, fromWorkers, over);
    }

    /** From {@code fromWorkers}, the workers growing by the same factor every second for {@code over}. */
    public static WorkerRamp exponential(int fromWorkers, java.time.Duration over) {
      return new WorkerRamp(Ramp.Shape.EXPONENTIAL, fromWorkers, over);
    }

    /**
     * When worker {@code worker} (0-based) of {@code toWorkers} starts, in nanoseconds after the step's start: 0 for
     * the first {@code fromWorkers}, else the time the ramp's count reaches {@code worker + 1}.
     */
    public long startNanos(int worker, int toWorkers) {
      int count = worker + 1;
      if (count <= fromWorkers || toWorkers <= fromWorkers) return 0;
      double progress = shape == Ramp.Shape.LINEAR ? (double) (count - fromWorkers) / (toWorkers - fromWorkers)
          : Math.log((double) count / fromWorkers) / Math.log((double) toWorkers / fromWorkers);
      return Math.round(over.toNanos() * Math.min(1, progress));
    }

    /** The ramp as a table cell, e.g. {@code "linear from 4 workers over 60 s"}. */
    public String describe() {
      return shape.label() + " from " + fromWorkers + (fromWorkers == 1 ? " worker" : " workers") + " over "
          + java.math.BigDecimal.valueOf(over.toNanos() / 1e9).stripTrailingZeros().toPlainString() + " s";
    }
  }

  /**
   * How an open loop's rate rises to its target from the step's start, as vLLM's {@code --ramp-up-strategy}: after
   * {@code over} it stays at the target. Immutable.
   *
   * @param shape linear or exponential
   * @param fromRatePerSec the rate at the step's start
   * @param over how long the ramp lasts
   */
  public record Ramp(Shape shape, double fromRatePerSec, java.time.Duration over) {
    /** @throws IllegalArgumentException if the start rate is not positive and finite or the duration not positive */
    public Ramp {
      java.util.Objects.requireNonNull(shape, "shape");
      Checks.positive("fromRatePerSec", fromRatePerSec);
      Checks.positive("over", over);
    }

    /** From {@code fromRatePerSec}, rising by the same amount every second for {@code over}. */
    public static Ramp linear(double fromRatePerSec, java.time.Duration over) {
      return new Ramp(Shape.LINEAR, fromRatePerSec, over);
    }

    /** From {@code fromRatePerSec}, rising by the same factor every second for {@code over}. */
    public static Ramp exponential(double fromRatePerSec, java.time.Duration over) {
      return new Ramp(Shape.EXPONENTIAL, fromRatePerSec, over);
    }

    /** The ramp as a table cell, e.g. {@code "linear from 5/s over 30 s"}. */
    public String describe() {
      return shape.label() + " from " + plain(fromRatePerSec) + "/s over " + plain(overSec()) + " s";
    }

    private static String plain(double v) {
      return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** The ramp's length in seconds. */
    public double overSec() {
      return over.toNanos() / 1e9;
    }

    /**
     * The rate {@code sec} seconds after the start, rising to {@code toRatePerSec}: linear,
     * {@code from + (to - from) x t / over}; exponential, {@code from x (to / from)^(t / over)}; {@code to} after
     * the ramp.
     */
    public double rateAt(double toRatePerSec, double sec) {
      double progress = Math.min(1, Math.max(0, sec / overSec()));
      return shape == Shape.LINEAR ? fromRatePerSec + (toRatePerSec - fromRatePerSec) * progress
          : fromRatePerSec * Math.pow(toRatePerSec / fromRatePerSec, progress);
    }

    /** The integral of {@link #rateAt} from the start to {@code sec}: the arrivals expected by then. */
    public double expectedArrivals(double toRatePerSec, double sec) {
      double t = Math.min(Math.max(0, sec), overSec());
      double during;
      if (shape == Shape.LINEAR || toRatePerSec == fromRatePerSec) {
        during = (fromRatePerSec + rateAt(toRatePerSec, t)) / 2 * t;
      } else {
        double growth = Math.log(toRatePerSec / fromRatePerSec) / overSec();
        during = (rateAt(toRatePerSec, t) - fromRatePerSec) / growth;
      }
      return during + toRatePerSec * Math.max(0, sec - overSec());
    }

    /** How the rate rises. */
    public enum Shape {
      /** By the same amount every second. */
      LINEAR,
      /** By the same factor every second. */
      EXPONENTIAL;

      /** The lower-case name used in reports and on the command line ({@code "linear"}, {@code "exponential"}). */
      public String label() {
        return name().toLowerCase(Locale.ROOT);
      }
    }
  }

  /** How an open loop spaces its arrivals. */
  public enum Arrival {
    /** Evenly spaced: each gap {@code 1 / rate}. */
    CONSTANT,
    /** A Poisson process: exponential gaps drawn from a seed. */
    POISSON,
    /** Gamma-distributed gaps drawn from a seed, shaped by a burstiness factor (vLLM's {@code --burstiness}). */
    GAMMA,
    /** At given times: a recorded trace's, or a fixed schedule ({@link Load#schedule(java.util.List)}). */
    TRACE;

    /** The lower-case name used in reports ({@code "constant"}, {@code "poisson"}, {@code "gamma"}, {@code "trace"}). */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
