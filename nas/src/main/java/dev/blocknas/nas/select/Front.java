package dev.blocknas.nas.select;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * A Pareto front of partial networks over some blocks: points sorted by cost ascending with ratings
 * strictly descending; among partial networks at the same (cost, rating) only the first in tie-break
 * order (params, then labels block by block) is kept, because only it can be first after completion.
 *
 * <p>Each point's rating is an exact sum held as {@link ExactSum} holds it: {@code hi + lo}, or
 * {@code big} where that pair cannot hold it ({@code big} is null when no point needs it).
 */
final class Front {
    final long[] cost;
    final double[] hi;
    final double[] lo;
    final BigDecimal[] big;
    final long[] params;
    /** Rank of each point's labels in lexicographic (block by block) order among this front's points. */
    final int[] rank;
    /** For a block's front: position in the block's arrays; for a merge: index into {@link #first}. */
    final int[] firstIndex;
    /** For a merge: index into {@link #second}'s points; null otherwise. */
    final int[] secondIndex;
    final Front first;
    final Front second;
    /** For a block's front: the block; null otherwise. */
    final BlockArrays block;

    Front(long[] cost, double[] hi, double[] lo, BigDecimal[] big, long[] params, int[] rank, int[] firstIndex,
          int[] secondIndex, Front first, Front second, BlockArrays block) {
        this.cost = cost;
        this.hi = hi;
        this.lo = lo;
        this.big = big;
        this.params = params;
        this.rank = rank;
        this.firstIndex = firstIndex;
        this.secondIndex = secondIndex;
        this.first = first;
        this.second = second;
        this.block = block;
    }

    /** The front of one block's options in its cost dimension {@code d}. */
    static Front ofBlock(BlockArrays block, int d) {
        int[] index = sweep(block.cost[d], block.rating);
        int n = index.length;
        long[] cost = new long[n];
        double[] rating = new double[n];
        long[] params = new long[n];
        int[] rank = new int[n];
        for (int p = 0; p < n; p++) {
            int i = index[p];
            cost[p] = block.cost[d][i];
            rating[p] = block.rating[i];
            params[p] = block.params[i];
            rank[p] = block.labelRank[i];
        }
        return new Front(cost, rating, new double[n], null, params, rank, index, null, null, null, block);
    }

    /** The front of bare (cost, value) points, for bounds: no tie-break data and no {@link #choices}. */
    static Front ofPoints(long[] c, double[] value) {
        int[] index = sweep(c, value);
        int n = index.length;
        long[] cost = new long[n];
        double[] v = new double[n];
        for (int p = 0; p < n; p++) {
            cost[p] = c[index[p]];
            v[p] = value[index[p]];
        }
        return new Front(cost, v, new double[n], null, new long[n], index, index, null, null, null, null);
    }

    /**
     * Positions of the front's points: by cost, each kept if it rates strictly better than all cheaper
     * ones. Entries are assumed in tie-break order already, which the stable sort keeps within a cost.
     */
    private static int[] sweep(long[] cost, double[] rating) {
        Integer[] order = IntStream.range(0, cost.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> cost[i]).thenComparingDouble(i -> rating[i]));
        int n = 0;
        int[] keep = new int[order.length];
        double best = Double.POSITIVE_INFINITY;
        for (int i : order) {
            if (rating[i] < best) {
                best = rating[i];
                keep[n++] = i;
            }
        }
        return Arrays.copyOf(keep, n);
    }

    int size() {
        return cost.length;
    }

    BigDecimal big(int p) {
        return big == null ? null : big[p];
    }

    /** The points' ratings, rounded. */
    double[] values() {
        return hi;
    }

    /** Writes point {@code p}'s choice into {@code options[block]} (positions in the table's blocks). */
    void choices(int p, int[] options) {
        if (block != null) {
            options[block.block] = block.option[firstIndex[p]];
            return;
        }
        first.choices(firstIndex[p], options);
        second.choices(secondIndex[p], options);
    }
}
