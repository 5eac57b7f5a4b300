package dev.blocknas.nas.select;

/** A cost a budget can limit or a Pareto front can trade against the rating. */
public enum CostKind {
    PARAMS,
    FLOPS,
    /** Handled in whole nanoseconds (see the package documentation). */
    LATENCY;

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
