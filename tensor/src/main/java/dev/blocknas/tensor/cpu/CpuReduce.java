package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.ReduceOp;

/** Reduction of x viewed as [outer, n, inner] along the middle axis, accumulated in double. */
final class CpuReduce {
    private CpuReduce() {}

    static void reduce(ReduceOp op, int outer, int n, int inner, float[] x, int xo, float[] y, int yo) {
        if (inner == 1) {
            Parallel.range(outer, Math.max(1, 16384 / Math.max(1, n)), (from, to) -> {
                for (int o = from; o < to; o++) {
                    int p = xo + o * n;
                    if (op == ReduceOp.MAX) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < n; i++) m = Math.max(m, x[p + i]);
                        y[yo + o] = m;
                    } else {
                        double s = 0;
                        for (int i = 0; i < n; i++) s += x[p + i];
                        y[yo + o] = (float) (op == ReduceOp.MEAN ? s / n : s);
                    }
                }
            });
            return;
        }
        // Split over outer x inner-chunks so a reduction over the batch (outer = 1) still uses every core.
        int chunk = Math.max(64, inner / (Parallel.threads() * 2));
        int chunks = (inner + chunk - 1) / chunk;
        Parallel.range(outer * chunks, 1, (from, to) -> {
            double[] acc = new double[chunk];
            for (int t = from; t < to; t++) {
                int o = t / chunks;
                int j0 = (t % chunks) * chunk;
                int len = Math.min(chunk, inner - j0);
                if (op == ReduceOp.MAX) java.util.Arrays.fill(acc, 0, len, Double.NEGATIVE_INFINITY);
                else java.util.Arrays.fill(acc, 0, len, 0.0);
                for (int i = 0; i < n; i++) {
                    int p = xo + (o * n + i) * inner + j0;
                    if (op == ReduceOp.MAX) {
                        for (int j = 0; j < len; j++) acc[j] = Math.max(acc[j], x[p + j]);
                    } else {
                        for (int j = 0; j < len; j++) acc[j] += x[p + j];
                    }
                }
                int q = yo + o * inner + j0;
                for (int j = 0; j < len; j++) y[q + j] = (float) (op == ReduceOp.MEAN ? acc[j] / n : acc[j]);
            }
        });
    }
}
