package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Inclusive limits on a network's total costs (base cost included): a network whose cost equals a
 * limit fits. Absent limits do not constrain.
 */
public record Budget(OptionalLong maxParams, OptionalLong maxFlops, OptionalDouble maxLatencyMs) {
    /** No limit at all. */
    public static final Budget NONE = new Budget(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty());

    public Budget {
        if (maxParams.isPresent() && maxParams.getAsLong() < 0 || maxFlops.isPresent() && maxFlops.getAsLong() < 0) {
            throw new IllegalArgumentException("A budget cannot be negative.");
        }
        if (maxLatencyMs.isPresent()) {
            double l = maxLatencyMs.getAsDouble();
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException(
                        "A latency budget must be a finite number of milliseconds, not " + l + ".");
            }
        }
    }

    /** Limits given as nullable values, as from command-line options. */
    public static Budget of(Long maxParams, Long maxFlops, Double maxLatencyMs) {
        return new Budget(maxParams == null ? OptionalLong.empty() : OptionalLong.of(maxParams),
                maxFlops == null ? OptionalLong.empty() : OptionalLong.of(maxFlops),
                maxLatencyMs == null ? OptionalDouble.empty() : OptionalDouble.of(maxLatencyMs));
    }

    /** This budget with total params limited to {@code max}. */
    public Budget withMaxParams(long max) {
        return new Budget(OptionalLong.of(max), maxFlops, maxLatencyMs);
    }

    /** This budget with total FLOPs limited to {@code max}. */
    public Budget withMaxFlops(long max) {
        return new Budget(maxParams, OptionalLong.of(max), maxLatencyMs);
    }

    /** This budget with total latency limited to {@code max} milliseconds. */
    public Budget withMaxLatencyMs(double max) {
        return new Budget(maxParams, maxFlops, OptionalDouble.of(max));
    }

    /** The costs this budget limits, in {@link CostKind} order. */
    public List<CostKind> limited() {
        var kinds = new ArrayList<CostKind>(3);
        for (CostKind k : CostKind.values()) {
            if (isLimited(k)) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    /** Whether this budget limits {@code kind}. */
    public boolean isLimited(CostKind kind) {
        return switch (kind) {
            case PARAMS -> maxParams.isPresent();
            case FLOPS -> maxFlops.isPresent();
            case LATENCY -> maxLatencyMs.isPresent();
        };
    }

    /** The limit as an exact integer (latency in nanoseconds); only for limited kinds. */
    long limit(CostKind kind) {
        return switch (kind) {
            case PARAMS -> maxParams.getAsLong();
            case FLOPS -> maxFlops.getAsLong();
            case LATENCY -> LatencyNanos.of(maxLatencyMs.getAsDouble()); // saturates for huge limits
        };
    }

    /** Whether a network's totals fit; an unknown latency never fits a latency limit. */
    public boolean admits(Selection s) {
        if (maxParams.isPresent() && s.params() > maxParams.getAsLong()) {
            return false;
        }
        if (maxFlops.isPresent() && s.flops() > maxFlops.getAsLong()) {
            return false;
        }
        return maxLatencyMs.isEmpty()
                || !Double.isNaN(s.latencyMs()) && LatencyNanos.of(s.latencyMs()) <= limit(CostKind.LATENCY);
    }

    /** Human description such as "max params 1000000 and max FLOPs 300000000". */
    public String describe() {
        var parts = new ArrayList<String>();
        maxParams.ifPresent(v -> parts.add("max params " + v));
        maxFlops.ifPresent(v -> parts.add("max FLOPs " + v));
        maxLatencyMs.ifPresent(v -> parts.add("max latency " + Numbers.plain(v) + " ms"));
        return parts.isEmpty() ? "no limit" : String.join(" and ", parts);
    }
}
