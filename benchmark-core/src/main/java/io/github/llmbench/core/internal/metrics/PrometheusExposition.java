package io.github.llmbench.core.internal.metrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One parsed {@code /metrics} body, with look-ups of one model's series by sample name.
 *
 * <p><b>Model matching.</b> With a target model, a name's series are those whose {@code model_name} label equals
 * it; if none of that name's series carries a {@code model_name} label (a server that does not label by model),
 * all of them count. Without a target, all series count when they name at most one model, and none when they name
 * several (which one would be a guess). Several matching series (vLLM's {@code engine} label under data
 * parallelism) are added up, or averaged where the caller asks for a mean. Immutable.
 *
 * @param types the declared {@code # TYPE}s by family name
 * @param help the {@code # HELP} texts by family name
 * @param samples every sample in the order written
 */
public record PrometheusExposition(Map<String, MetricType> types, Map<String, String> help, List<PrometheusSample> samples) {
  static final String MODEL_LABEL = "model_name";

  public PrometheusExposition {
    types = Map.copyOf(types);
    help = Map.copyOf(help);
    samples = List.copyOf(samples);
  }

  /** @return the sum over the model's series named {@code name}, empty if there are none */
  public OptionalDouble sum(String name, @Nullable String model) {
    List<PrometheusSample> matched = matching(name, model);
    if (matched.isEmpty()) {
      return OptionalDouble.empty();
    }
    double total = 0;
    for (PrometheusSample s : matched) {
      total += s.value();
    }
    return OptionalDouble.of(total);
  }

  /** @return the mean over the model's series named {@code name}, empty if there are none */
  public OptionalDouble mean(String name, @Nullable String model) {
    int series = matching(name, model).size();
    OptionalDouble sum = sum(name, model);
    return sum.isPresent() ? OptionalDouble.of(sum.getAsDouble() / series) : OptionalDouble.empty();
  }

  /**
   * @param family a histogram's name, without {@code _bucket}
   * @return the model's histogram, series added bucket by bucket; empty if it has no buckets, no {@code +Inf}
   *     bucket, or its series disagree on the bucket bounds
   */
  public Optional<HistogramSnapshot> histogram(String family, @Nullable String model) {
    List<PrometheusSample> buckets = matching(family + "_bucket", model);
    if (buckets.isEmpty()) {
      return Optional.empty();
    }
    // Group by series (labels without le) so that bound sets can be compared.
    Map<String, TreeMap<Double, Double>> bySeries = new TreeMap<>();
    for (PrometheusSample b : buckets) {
      String le = b.label("le");
      if (le == null) {
        return Optional.empty();
      }
      TreeMap<String, String> seriesLabels = new TreeMap<>(b.labels());
      seriesLabels.remove("le");
      double upperBound;
      try {
        upperBound = PrometheusTextParser.parseFloat(le); // checked by the parser only for a declared histogram
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      bySeries.computeIfAbsent(seriesLabels.toString(), k -> new TreeMap<>()).put(upperBound, b.value());
    }
    Set<Set<Double>> boundSets = new LinkedHashSet<>();
    TreeMap<Double, Double> merged = new TreeMap<>();
    for (TreeMap<Double, Double> series : bySeries.values()) {
      boundSets.add(series.keySet());
      series.forEach((le, count) -> merged.merge(le, count, Double::sum));
    }
    if (boundSets.size() != 1 || !merged.containsKey(Double.POSITIVE_INFINITY)) {
      return Optional.empty();
    }
    OptionalDouble count = sum(family + "_count", model);
    OptionalDouble total = sum(family + "_sum", model);
    return Optional.of(new HistogramSnapshot(merged,
        count.isPresent() ? count.getAsDouble() : merged.get(Double.POSITIVE_INFINITY),
        total.isPresent() ? total.getAsDouble() : Double.NaN));
  }

  private List<PrometheusSample> matching(String name, @Nullable String model) {
    List<PrometheusSample> named = new ArrayList<>();
    Set<String> models = new LinkedHashSet<>();
    for (PrometheusSample s : samples) {
      if (s.name().equals(name)) {
        named.add(s);
        String m = s.label(MODEL_LABEL);
        if (m != null) {
          models.add(m);
        }
      }
    }
    if (models.isEmpty()) {
      return named; // no model labels: the server's series are the model's
    }
    if (model == null) {
      return models.size() == 1 ? named : List.of();
    }
    named.removeIf(s -> !model.equals(s.label(MODEL_LABEL)));
    return named;
  }
}
