/** A llmbench sink that records requests to a Micrometer {@code MeterRegistry}. */
module io.github.llmbench.micrometer {
  requires transitive io.github.llmbench.api;
  // The sink records to a MeterRegistry. micrometer-core has no module-info; micrometer.core is the name its
  // manifest gives (Automatic-Module-Name), so it is stable.
  requires transitive micrometer.core;
  requires static org.jspecify;

  exports io.github.llmbench.micrometer;
}
