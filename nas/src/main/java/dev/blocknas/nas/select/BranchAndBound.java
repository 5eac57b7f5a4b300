package dev.blocknas.nas.select;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Depth-first branch and bound over reduced blocks, keeping the K best networks that fit the caps.
 *
 * <p>A partial network is extended only while {@link SuffixBounds} says it can still fit and beat the
 * K-th best network found so far. A node's children are tried in order of that bound, so the first
 * dive tends to end at the best network (for a single limit the bound is nearly exact) and the rest
 * is cut off early; children whose rating alone already loses are never bounded, because options come
 * in rating order.
 *
 * <p>Ratings are added as doubles here, for speed: a bound only prunes when it exceeds the K-th best
 * by more than any rounding error could account for, and the K best are ranked on exact sums.
 */
final class BranchAndBound {
    private final BlockArrays[] level;
    private final int levels;
    private final int dims;
    private final SuffixBounds bounds;
    private final double slack;
    private final TopK top;
    private final int[] pick;
    private final long[][] spent;
    private final long[][] order;
    private final double[][] childBound;
    private final ExactSum scratch = new ExactSum();
    // For ratings that tie with the K-th best: exact partial sums, params and label ranks.
    private final ExactSum[] partialRating;
    private final ExactSum[] suffixMinRating;
    private final long[] partialParams;
    private final long[] suffixMinParams;
    private final int[] minRank;
    private final int[] ranks;
    private final int[] options;

    /**
     * @param reduced the blocks after {@link Reduction}, in block order, costs in the limited dimensions
     * @param caps per limited dimension, the most the blocks together may cost
     * @param frontLimit see {@link SuffixBounds#LIMIT}
     */
    BranchAndBound(BlockArrays[] reduced, long[] caps, int k, int frontLimit) {
        this.levels = reduced.length;
        this.dims = caps.length;
        this.top = new TopK(k);
        this.ranks = new int[levels];
        this.options = new int[levels];
        this.pick = new int[levels];
        this.spent = new long[levels + 1][dims];

        // Biggest blocks first: a level's options are scanned once per node above it, and there are few
        // nodes near the root, while small blocks near the leaves keep the many deep nodes cheap.
        level = reduced.clone();
        Arrays.sort(level, Comparator.comparingInt(BlockArrays::size).reversed().thenComparingInt(b -> b.block));
        bounds = new SuffixBounds(level, caps, frontLimit);
        order = new long[levels][];
        childBound = new double[levels][];
        double magnitude = 0;
        for (int l = levels - 1; l >= 0; l--) {
            order[l] = new long[level[l].size()];
            childBound[l] = new double[level[l].size()];
            double maxAbs = 0;
            for (double r : level[l].rating) {
                maxAbs = Math.max(maxAbs, Math.abs(r));
            }
            magnitude += maxAbs;
        }
        partialRating = new ExactSum[levels + 1];
        suffixMinRating = new ExactSum[levels + 1];
        partialParams = new long[levels + 1];
        suffixMinParams = new long[levels + 1];
        minRank = new int[levels];
        suffixMinRating[levels] = new ExactSum();
        for (int l = levels - 1; l >= 0; l--) {
            partialRating[l] = new ExactSum();
            suffixMinRating[l] = new ExactSum(suffixMinRating[l + 1]);
            suffixMinRating[l].add(level[l].rating[0]);
            suffixMinParams[l] = suffixMinParams[l + 1] + Arrays.stream(level[l].params).min().orElseThrow();
            minRank[level[l].block] = Arrays.stream(level[l].labelRank).min().orElseThrow();
        }
        partialRating[levels] = new ExactSum();
        // Far above the rounding error of any sum of `levels` ratings evaluated in any order.
        slack = Math.scalb(magnitude * (levels + 2), -48);
    }

    /** The K best networks, best first. */
    List<TopK.Candidate> run() {
        if (bounds.lowerBound(0, 0.0, spent[0]) < Double.POSITIVE_INFINITY) {
            search(0, 0.0);
        }
        return top.best();
    }

    private double threshold() {
        return top.full() ? top.worstRating() + slack : Double.POSITIVE_INFINITY;
    }

    private void search(int l, double rating) {
        BlockArrays b = level[l];
        double restMin = bounds.minRating(l + 1);
        long[] keys = order[l];
        double[] boundOf = childBound[l];
        int n = 0;
        for (int i = 0; i < b.size(); i++) {
            double r = rating + b.rating[i];
            if (r + restMin > threshold()) {
                break;
            }
            spend(l, i);
            double bound = bounds.lowerBound(l + 1, r, spent[l + 1]);
            if (bound < Double.POSITIVE_INFINITY && bound <= threshold()) {
                if (l == levels - 1) {
                    pick[l] = i;
                    offer();
                } else {
                    keys[n++] = key(bound, i);
                    boundOf[i] = bound;
                }
            }
        }
        // Sorting only steers the search; a float's precision is plenty for that.
        Arrays.sort(keys, 0, n);
        for (int j = 0; j < n; j++) {
            long key = keys[j];
            if (Float.intBitsToFloat(flipNegative((int) (key >>> 32))) > threshold()) {
                break; // the keys' bounds are rounded down, so every later child loses as well
            }
            int i = (int) key;
            if (boundOf[i] > threshold() || mayTie(boundOf[i]) && losesTie(l, i)) {
                continue;
            }
            spend(l, i);
            pick[l] = i;
            partialRating[l + 1].set(partialRating[l]);
            partialRating[l + 1].add(b.rating[i]);
            partialParams[l + 1] = partialParams[l] + b.params[i];
            search(l + 1, rating + b.rating[i]);
        }
    }

    /** Whether a child's bound is too close to the K-th best rating for doubles to tell them apart. */
    private boolean mayTie(double bound) {
        return top.full() && bound >= top.worstRating() - 2 * slack;
    }

    /**
     * Whether choosing entry i at level l cannot lead to a network before the K-th best, decided
     * exactly on the tie-break: its rating cannot be lower (exact sums), and its params or labels
     * cannot be either. Without this, tables with many equal ratings would be searched in full.
     */
    private boolean losesTie(int l, int i) {
        var worst = top.worst();
        scratch.set(partialRating[l]);
        scratch.add(level[l].rating[i]);
        scratch.add(suffixMinRating[l + 1].hi(), suffixMinRating[l + 1].lo(), suffixMinRating[l + 1].big());
        int c = scratch.compareTo(worst.rating());
        if (c != 0) {
            return c > 0;
        }
        long params = partialParams[l] + level[l].params[i] + suffixMinParams[l + 1];
        if (params != worst.params()) {
            return params > worst.params();
        }
        // Best labels reachable: the chosen ones, and each open block's first label.
        int[] best = minRank.clone();
        for (int m = 0; m < l; m++) {
            best[level[m].block] = level[m].labelRank[pick[m]];
        }
        best[level[l].block] = level[l].labelRank[i];
        return Arrays.compare(best, worst.ranks()) >= 0;
    }

    private void spend(int l, int i) {
        for (int d = 0; d < dims; d++) {
            spent[l + 1][d] = spent[l][d] + level[l].cost[d][i];
        }
    }

    /** Bound (as a float, rounded down) in the high half so that sorting keys sorts by bound, then index. */
    private static long key(double bound, int i) {
        float f = (float) bound;
        if (f > bound) {
            f = Math.nextDown(f);
        }
        return ((long) flipNegative(Float.floatToIntBits(f)) << 32) | i;
    }

    /** Float bits that compare as signed ints in the order of the floats; its own inverse. */
    private static int flipNegative(int bits) {
        return bits >= 0 ? bits : bits ^ Integer.MAX_VALUE;
    }

    private void offer() {
        scratch.clear();
        long params = 0;
        for (int l = 0; l < levels; l++) {
            BlockArrays b = level[l];
            int i = pick[l];
            scratch.add(b.rating[i]);
            params += b.params[i];
            ranks[b.block] = b.labelRank[i];
            options[b.block] = b.option[i];
        }
        top.offer(scratch, params, ranks, options);
    }
}
