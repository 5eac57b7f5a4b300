package dev.blocknas.nas.select;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Removes options that cannot be part of the answer, before the search: options that break a limit
 * whatever the other blocks choose, and options beaten by K others of their block.
 */
final class Reduction {
    private Reduction() {}

    /**
     * Drops options whose cost plus the cheapest choice of every other block exceeds a cap, repeating
     * until nothing changes (a drop can raise a block's cheapest cost in another dimension).
     *
     * @return the reduced blocks, or null when some block has no option left: no network fits
     */
    static BlockArrays[] feasible(BlockArrays[] blocks, long[] caps) {
        var current = blocks.clone();
        boolean changed = true;
        while (changed) {
            changed = false;
            long[] total = new long[caps.length];
            long[][] min = new long[current.length][caps.length];
            for (int b = 0; b < current.length; b++) {
                for (int d = 0; d < caps.length; d++) {
                    min[b][d] = current[b].minCost(d);
                    total[d] += min[b][d];
                }
            }
            for (int b = 0; b < current.length; b++) {
                var block = current[b];
                int[] keep = new int[block.size()];
                int kept = 0;
                for (int i = 0; i < block.size(); i++) {
                    boolean fits = true;
                    for (int d = 0; d < caps.length && fits; d++) {
                        fits = block.cost[d][i] + (total[d] - min[b][d]) <= caps[d];
                    }
                    if (fits) {
                        keep[kept++] = i;
                    }
                }
                if (kept == 0) {
                    return null;
                }
                if (kept < block.size()) {
                    current[b] = block.select(Arrays.copyOf(keep, kept));
                    changed = true;
                }
            }
        }
        return current;
    }

    /**
     * Keeps the options that fewer than {@code k} others of the block dominate, where {@code a}
     * dominates {@code b} if it costs no more in every limited dimension and comes first in key order.
     * Replacing a dominated option by any of its dominators yields a network that fits whenever the
     * original does and ranks strictly before it, so an option with {@code k} dominators is in none of
     * the K best networks. Dominators that are themselves dropped have k dominators of their own that
     * also dominate (transitivity), so counting only kept options is enough.
     */
    static BlockArrays undominated(BlockArrays block, int k, int dims) {
        int n = block.size();
        int[] keep = new int[n];
        int kept = 0;
        if (dims == 0) {
            kept = Math.min(n, k);
            for (int i = 0; i < kept; i++) {
                keep[i] = i;
            }
        } else if (dims == 1) {
            // Kept options' k smallest costs: an option is dominated k times iff the k-th of them is <= its cost.
            var smallest = new PriorityQueue<Long>((x, y) -> Long.compare(y, x));
            long[] c = block.cost[0];
            for (int i = 0; i < n; i++) {
                if (smallest.size() == k && smallest.peek() <= c[i]) {
                    continue;
                }
                keep[kept++] = i;
                smallest.add(c[i]);
                if (smallest.size() > k) {
                    smallest.poll();
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                int dominators = 0;
                for (int j = 0; j < kept && dominators < k; j++) {
                    if (costsNoMore(block, keep[j], i, dims)) {
                        dominators++;
                    }
                }
                if (dominators < k) {
                    keep[kept++] = i;
                }
            }
        }
        return kept == n ? block : block.select(Arrays.copyOf(keep, kept));
    }

    private static boolean costsNoMore(BlockArrays block, int a, int b, int dims) {
        for (int d = 0; d < dims; d++) {
            if (block.cost[d][a] > block.cost[d][b]) {
                return false;
            }
        }
        return true;
    }
}
