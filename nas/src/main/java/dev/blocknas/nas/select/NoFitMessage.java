package dev.blocknas.nas.select;

import java.util.ArrayList;

/** The one-sentence explanation for an empty selection: which limit no network can meet. */
public final class NoFitMessage {
    private NoFitMessage() {}

    /**
     * For example {@code No network fits the budget: max params 1000000, but the smallest network has
     * 1234567 parameters.} When every limit can be met alone but not together, it says so and gives the
     * cheapest network of each limited kind.
     */
    public static String of(RatingsTable table, BaseCost base, Budget budget) {
        var broken = new ArrayList<String>();
        var cheapest = new ArrayList<String>();
        for (CostKind kind : budget.limited()) {
            long min = cheapest(table, base, kind);
            if (min > budget.limit(kind)) {
                broken.add(limit(budget, kind) + ", but " + smallest(kind, min));
            } else {
                cheapest.add(smallest(kind, min));
            }
        }
        if (!broken.isEmpty()) {
            return "No network fits the budget: " + String.join(", and ", broken) + ".";
        }
        if (cheapest.isEmpty()) {
            return "No network fits the budget.";
        }
        return "No network fits the budget: " + budget.describe() + " can each be met alone ("
                + String.join(", ", cheapest)
                + "), but not together.";
    }

    /** The least total of {@code kind} over all networks, latency in nanoseconds. */
    private static long cheapest(RatingsTable table, BaseCost base, CostKind kind) {
        if (kind == CostKind.LATENCY) {
            ExactSelector.requireLatencies(table, base, "The budget limits latency");
        }
        long total = kind.of(base);
        for (BlockOptions b : table.blocks()) {
            total += b.options().stream().mapToLong(kind::of).min().orElseThrow();
        }
        return total;
    }

    private static String limit(Budget budget, CostKind kind) {
        return switch (kind) {
            case PARAMS -> "max params " + budget.maxParams().getAsLong();
            case FLOPS -> "max FLOPs " + budget.maxFlops().getAsLong();
            case LATENCY -> "max latency " + Numbers.plain(budget.maxLatencyMs().getAsDouble()) + " ms";
        };
    }

    private static String smallest(CostKind kind, long min) {
        return switch (kind) {
            case PARAMS -> "the smallest network has " + min + " parameters";
            case FLOPS -> "the network with the fewest FLOPs has " + min + " FLOPs";
            case LATENCY -> "the fastest network takes " + Numbers.plain(LatencyNanos.toMs(min)) + " ms";
        };
    }

}
