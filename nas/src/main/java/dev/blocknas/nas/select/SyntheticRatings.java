package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Made-up ratings tables with the shape of the DNA search space (blocks of 288, 1548, 1548, 2808 and
 * 16848 candidates built from 6 inverted-residual cells), for tests and benchmarks of the selector.
 */
public final class SyntheticRatings {
    /** Candidates per block in the DNA search space. */
    public static final List<Integer> DNA_BLOCK_SIZES = List.of(288, 1548, 1548, 2808, 16848);

    private static final int[] KERNELS = {3, 5, 7};
    private static final int[] EXPANSIONS = {3, 6};
    // Per block: input channels, output channels, stride of the first cell, input resolution.
    private static final int[][] STAGES = {{16, 24, 2, 112}, {24, 40, 2, 56}, {40, 80, 2, 28}, {80, 96, 1, 14},
            {96, 192, 2, 14}};

    private SyntheticRatings() {}

    /**
     * A DNA-sized table where costs follow a MobileNet-like cost model of each candidate's cells and
     * ratings improve with capacity plus noise, as block-wise distillation losses tend to: bigger
     * candidates cost more and mostly rate better. Latency is a noisy function of FLOPs and depth.
     */
    public static RatingsTable dnaLike(long seed) {
        var rnd = new SplittableRandom(seed);
        var blocks = new ArrayList<BlockOptions>();
        for (int b = 0; b < STAGES.length; b++) {
            var cells = cellSequences(DNA_BLOCK_SIZES.get(b));
            double[] logFlops = new double[cells.size()];
            double[] logParams = new double[cells.size()];
            long[] params = new long[cells.size()];
            long[] flops = new long[cells.size()];
            for (int i = 0; i < cells.size(); i++) {
                long[] cost = cost(STAGES[b], cells.get(i));
                params[i] = cost[0];
                flops[i] = cost[1];
                logParams[i] = Math.log(cost[0]);
                logFlops[i] = Math.log(cost[1]);
            }
            double scale = 0.5 + rnd.nextDouble();
            var opts = new ArrayList<Option>();
            for (int i = 0; i < cells.size(); i++) {
                double capacity = 0.7 * normalized(logFlops, i) + 0.3 * normalized(logParams, i);
                double rating = scale * (1.0 - 0.5 * capacity + 0.08 * rnd.nextGaussian());
                double latency = (flops[i] * 4e-9 + 0.015 * cells.get(i).length) * Math.exp(0.05 * rnd.nextGaussian());
                opts.add(new Option(label(STAGES[b], cells.get(i)), rating, params[i], flops[i], latency));
            }
            blocks.add(new BlockOptions(opts));
        }
        return new RatingsTable(blocks);
    }

    /** A DNA-sized table with ratings, params, FLOPs and latency drawn independently and uniformly. */
    public static RatingsTable uncorrelated(long seed) {
        var rnd = new SplittableRandom(seed);
        var blocks = new ArrayList<BlockOptions>();
        for (int b = 0; b < STAGES.length; b++) {
            var opts = new ArrayList<Option>();
            for (int[] cells : cellSequences(DNA_BLOCK_SIZES.get(b))) {
                opts.add(new Option(label(STAGES[b], cells), rnd.nextDouble(), rnd.nextLong(10_000, 2_000_000),
                        rnd.nextLong(1_000_000, 200_000_000), rnd.nextDouble(0.05, 2.0)));
            }
            blocks.add(new BlockOptions(opts));
        }
        return new RatingsTable(blocks);
    }

    private static double normalized(double[] values, int i) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max > min ? (values[i] - min) / (max - min) : 0.5;
    }

    /** The first {@code n} cell sequences, shortest first (from two cells), each cell one of 6 ops. */
    private static List<int[]> cellSequences(int n) {
        var out = new ArrayList<int[]>(n);
        int ops = KERNELS.length * EXPANSIONS.length;
        for (int depth = 2; out.size() < n; depth++) {
            int[] seq = new int[depth];
            while (out.size() < n) {
                out.add(seq.clone());
                int p = depth - 1;
                while (p >= 0 && ++seq[p] == ops) {
                    seq[p] = 0;
                    p--;
                }
                if (p < 0) {
                    break;
                }
            }
        }
        return out;
    }

    private static String label(int[] stage, int[] cells) {
        var sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                sb.append('-');
            }
            sb.append("ir_k").append(KERNELS[cells[c] / 2]).append("_e").append(EXPANSIONS[cells[c] % 2])
                    .append("_c").append(stage[1]).append("_s").append(c == 0 ? stage[2] : 1);
        }
        return sb.toString();
    }

    /** {params, multiply-adds} of a stack of inverted-residual cells (expand, depthwise, project). */
    private static long[] cost(int[] stage, int[] cells) {
        long params = 0;
        long flops = 0;
        int in = stage[0];
        int resolution = stage[3];
        for (int c = 0; c < cells.length; c++) {
            int k = KERNELS[cells[c] / 2];
            int e = EXPANSIONS[cells[c] % 2];
            int stride = c == 0 ? stage[2] : 1;
            int out = stage[1];
            long hidden = (long) in * e;
            int outRes = resolution / stride;
            params += in * hidden + k * k * hidden + hidden * out + 4 * hidden + 2L * out;
            flops += (long) resolution * resolution * in * hidden
                    + (long) outRes * outRes * (k * k * hidden + hidden * out);
            in = out;
            resolution = outRes;
        }
        return new long[] {params, flops};
    }
}
