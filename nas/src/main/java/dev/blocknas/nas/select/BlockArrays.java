package dev.blocknas.nas.select;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Some options of one block as primitive arrays, in the order of their key (rating, then params,
 * then label): the order in which a network's tie-break ranks options of a single block.
 */
final class BlockArrays {
    final int block;
    /** Position of each entry in the table's {@link BlockOptions}. */
    final int[] option;
    final double[] rating;
    final long[] params;
    /** Rank of the label among all the block's labels, so ties compare as the strings do. */
    final int[] labelRank;
    /** {@code cost[d][i]}: entry i's cost in dimension d (the limited kinds, then derived dimensions). */
    final long[][] cost;

    private BlockArrays(int block, int[] option, double[] rating, long[] params, int[] labelRank, long[][] cost) {
        this.block = block;
        this.option = option;
        this.rating = rating;
        this.params = params;
        this.labelRank = labelRank;
        this.cost = cost;
    }

    /** All options of {@code table}'s block {@code b}, with costs of {@code kinds}. */
    static BlockArrays of(RatingsTable table, int b, List<CostKind> kinds) {
        return of(table.block(b).options(), b, kinds);
    }

    /** The options {@code opts} of block {@code b}, with costs of {@code kinds}; {@link #option} indexes {@code opts}. */
    static BlockArrays of(List<Option> opts, int b, List<CostKind> kinds) {
        int n = opts.size();
        int[] rankOf = new int[n];
        Integer[] byLabel = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(byLabel, Comparator.comparing(i -> opts.get(i).label()));
        for (int r = 0; r < n; r++) {
            rankOf[byLabel[r]] = r;
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        // + 0.0 turns -0.0 into 0.0: equal sums, so they must not order apart.
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> opts.get(i).rating() + 0.0)
                .thenComparingLong(i -> opts.get(i).params())
                .thenComparingInt(i -> rankOf[i]));
        int[] option = new int[n];
        double[] rating = new double[n];
        long[] params = new long[n];
        int[] labelRank = new int[n];
        long[][] cost = new long[kinds.size()][n];
        for (int i = 0; i < n; i++) {
            int o = order[i];
            Option opt = opts.get(o);
            option[i] = o;
            rating[i] = opt.rating() + 0.0;
            params[i] = opt.params();
            labelRank[i] = rankOf[o];
            for (int d = 0; d < kinds.size(); d++) {
                cost[d][i] = kinds.get(d).of(opt);
            }
        }
        return new BlockArrays(b, option, rating, params, labelRank, cost);
    }

    int size() {
        return option.length;
    }

    int dims() {
        return cost.length;
    }

    long minCost(int d) {
        long m = Long.MAX_VALUE;
        for (long c : cost[d]) {
            m = Math.min(m, c);
        }
        return m;
    }

    /** The entries at {@code keep} (ascending positions), key order preserved. */
    BlockArrays select(int[] keep) {
        long[][] c = new long[cost.length][];
        for (int d = 0; d < cost.length; d++) {
            c[d] = pick(cost[d], keep);
        }
        return new BlockArrays(block, pick(option, keep), pick(rating, keep), pick(params, keep), pick(labelRank, keep),
                c);
    }

    /** The same entries with one more cost dimension. */
    BlockArrays withCost(long[] extra) {
        long[][] c = Arrays.copyOf(cost, cost.length + 1);
        c[cost.length] = extra;
        return new BlockArrays(block, option, rating, params, labelRank, c);
    }

    private static int[] pick(int[] a, int[] keep) {
        int[] r = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            r[i] = a[keep[i]];
        }
        return r;
    }

    private static long[] pick(long[] a, int[] keep) {
        long[] r = new long[keep.length];
        for (int i = 0; i < keep.length; i++) {
            r[i] = a[keep[i]];
        }
        return r;
    }

    private static double[] pick(double[] a, int[] keep) {
        double[] r = new double[keep.length];
        for (int i = 0; i < keep.length; i++) {
            r[i] = a[keep[i]];
        }
        return r;
    }
}
