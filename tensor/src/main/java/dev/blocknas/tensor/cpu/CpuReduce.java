package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.ReduceOp;

/** Reduction of x viewed as [outer, n, inner] along the middle axis, accumulated in double. */
final class CpuReduce {
    private static final RowKernels ROWS = CpuElementwise.ROWS;

    private CpuReduce() {}

    static void reduce(ReduceOp op, int outer, int n, int inner, float[] x, int xo, float[] y, int yo) {
        if (inner == 1) {
            // A few long rows (a loss over the whole batch) split each row across the cores too.
            int tasks = Parallel.threads() * 4;
            int parts = outer >= tasks ? 1 : Math.max(1, Math.min(tasks / outer, n / 16384));
            double[] partial = new double[outer * parts];
            Parallel.range(outer * parts, Math.max(1, 16384 / Math.max(1, n / parts)), (from, to) -> {
                for (int t = from; t < to; t++) {
                    int o = t / parts;
                    int i0 = (int) ((long) n * (t % parts) / parts);
                    int i1 = (int) ((long) n * (t % parts + 1) / parts);
                    int p = xo + o * n + i0;
                    partial[t] = op == ReduceOp.MAX ? ROWS.max(x, p, i1 - i0) : ROWS.sum(x, p, i1 - i0);
                }
            });
            for (int o = 0; o < outer; o++) {
                double r = op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : 0;
                for (int q = 0; q < parts; q++) {
                    double v = partial[o * parts + q];
                    r = op == ReduceOp.MAX ? Math.max(r, v) : r + v;
                }
                y[yo + o] = (float) (op == ReduceOp.MEAN ? r / n : r);
            }
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
