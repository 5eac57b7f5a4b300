package dev.blocknas.nas.select;

/** A cost a budget can limit or a Pareto front can trade against the rating. */
public enum CostKind {
  PARAMS("params", "parameters"),
  FLOPS("FLOPs", "FLOPs"),
  LATENCY("latency", "ms");

  private final String name;
  private final String unit;

  CostKind(String name, String unit) {
    this.name = name;
    this.unit = unit;
  }

  /** Short human name, as in "max params". */
  public String displayName() {
    return name;
  }

  String unit() {
    return unit;
  }

  /** The cost as an exact integer (latency in nanoseconds); the caller checks latency is present. */
  long of(Option o) {
    return switch (this) {
      case PARAMS -> o.params();
      case FLOPS -> o.flops();
      case LATENCY -> LatencyNanos.of(o.latencyMs());
    };
  }

  long of(BaseCost b) {
    return switch (this) {
      case PARAMS -> b.params();
      case FLOPS -> b.flops();
      case LATENCY -> LatencyNanos.of(b.latencyMs());
    };
  }
}
