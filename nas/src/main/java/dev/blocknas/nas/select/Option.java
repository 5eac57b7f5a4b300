package dev.blocknas.nas.select;

/**
 * One rated candidate of a block.
 *
 * @param label the candidate's architecture string, opaque here
 * @param rating lower is better (for example a distillation loss)
 * @param params parameter count
 * @param flops floating-point operations (or multiply-adds, as long as the table is consistent)
 * @param latencyMs measured latency in milliseconds, {@code NaN} when not measured
 */
public record Option(String label, double rating, long params, long flops, double latencyMs) {

    public Option {
        if (label == null || label.isEmpty()) {
            throw new IllegalArgumentException("An option needs a non-empty label.");
        }
        if (!Double.isFinite(rating)) {
            throw new IllegalArgumentException(
                    "Option \"" + label + "\" has rating " + rating + ", not a finite number.");
        }
        if (params < 0 || flops < 0) {
            throw new IllegalArgumentException("Option \"" + label + "\" has a negative cost.");
        }
        if (!Double.isNaN(latencyMs) && !(latencyMs >= 0 && latencyMs <= LatencyNanos.MAX_MS)) {
            throw new IllegalArgumentException(
                    "Option \"" + label + "\" has latency " + latencyMs + " ms, not a number between 0 and "
                            + LatencyNanos.MAX_MS + ".");
        }
    }

    /** An option without a latency measurement. */
    public Option(String label, double rating, long params, long flops) {
        this(label, rating, params, flops, Double.NaN);
    }

    public boolean hasLatency() {
        return !Double.isNaN(latencyMs);
    }
}
