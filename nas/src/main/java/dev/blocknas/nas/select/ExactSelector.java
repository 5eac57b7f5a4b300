package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.List;

/**
 * The K networks with the lowest summed rating that fit a budget, found exactly: the same list, in
 * the same order ({@link Selection#ORDER}), as rating every network of the table would give.
 *
 * <p>The product space is far too large to enumerate (about 3e16 networks for DNA), so options that
 * cannot matter are removed first (those that break a limit whatever the rest picks, and those
 * beaten by K others of their block in rating and every limited cost) and the rest is searched by
 * branch and bound with bounds from exact Pareto fronts of the blocks not yet chosen. Realistic
 * DNA-sized tables take tens of milliseconds; tables built so that very many networks rate almost
 * alike take seconds.
 */
public final class ExactSelector {
    private ExactSelector() {}

    /**
     * The {@code k} best networks within {@code budget}, best first; fewer when fewer fit, and none when
     * none fits (see {@link NoFitMessage#of} for telling the user why).
     *
     * @throws IllegalArgumentException when the budget limits latency but some option or the base cost
     *     has no latency, or when {@code k < 1}
     */
    public static List<Selection> topK(RatingsTable table, BaseCost base, Budget budget, int k) {
        return topK(table, base, budget, k, SuffixBounds.LIMIT);
    }

    /** {@link #topK(RatingsTable, BaseCost, Budget, int)} with exact bound fronts only up to {@code frontLimit} points. */
    static List<Selection> topK(RatingsTable table, BaseCost base, Budget budget, int k, int frontLimit) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be at least 1, but is " + k + ".");
        }
        var kinds = budget.limited();
        if (budget.isLimited(CostKind.LATENCY)) {
            requireLatencies(table, base, "The budget limits latency");
        }
        long[] caps = new long[kinds.size()];
        for (int d = 0; d < caps.length; d++) {
            caps[d] = budget.limit(kinds.get(d)) - kinds.get(d).of(base);
            if (caps[d] < 0) {
                return List.of();
            }
        }
        var blocks = new BlockArrays[table.blockCount()];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = BlockArrays.of(table, b, kinds);
        }
        blocks = Reduction.feasible(blocks, caps);
        if (blocks == null) {
            return List.of();
        }
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = Reduction.undominated(blocks[b], k, caps.length);
        }
        var result = new ArrayList<Selection>();
        for (var c : new BranchAndBound(blocks, caps, k, frontLimit).run()) {
            var chosen = new ArrayList<Option>(blocks.length);
            for (int b = 0; b < blocks.length; b++) {
                chosen.add(table.block(b).option(c.options()[b]));
            }
            result.add(Selection.of(chosen, base));
        }
        return result;
    }

    /** The single best network within {@code budget}, or null when none fits. */
    public static Selection best(RatingsTable table, BaseCost base, Budget budget) {
        var top = topK(table, base, budget, 1);
        return top.isEmpty() ? null : top.getFirst();
    }

    /** Throws, with {@code why} opening the message, unless the base cost and every option have a latency. */
    static void requireLatencies(RatingsTable table, BaseCost base, String why) {
        if (Double.isNaN(base.latencyMs())) {
            throw new IllegalArgumentException(why + ", but the base cost has no latency.");
        }
        int[] missing = table.firstMissingLatency();
        if (missing != null) {
            throw missingLatency(why, missing[0], table.block(missing[0]).option(missing[1]).label());
        }
    }

    /** The error for block {@code block}'s candidate {@code label}, which lacks the latency {@code why} needs. */
    static IllegalArgumentException missingLatency(String why, int block, String label) {
        return new IllegalArgumentException(
                why + ", but block " + block + " candidate \"" + label + "\" has no measured latency.");
    }
}
