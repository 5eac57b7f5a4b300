package dev.blocknas.nas.select;

/**
 * Costs of the fixed parts of every network (stem, head) that are not searched.
 *
 * @param latencyMs {@code NaN} when unknown; a latency budget then cannot be checked
 */
public record BaseCost(long params, long flops, double latencyMs) {
    /** Nothing outside the searched blocks. */
    public static final BaseCost ZERO = new BaseCost(0, 0, 0.0);

    public BaseCost {
        if (params < 0 || flops < 0) {
            throw new IllegalArgumentException("A base cost cannot be negative.");
        }
        if (!Double.isNaN(latencyMs) && !(latencyMs >= 0 && latencyMs <= LatencyNanos.MAX_MS)) {
            throw new IllegalArgumentException(
                    "The base latency " + latencyMs + " ms is not between 0 and " + LatencyNanos.MAX_MS + ".");
        }
    }
}
