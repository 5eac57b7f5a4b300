package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.UnaryOp;

/** Elementwise ops over float arrays: unary ones through {@link RowKernels}, binary ones as plain loops. */
final class CpuElementwise {
    private static final int GRAIN = 1 << 15;
    static final RowKernels ROWS = RowKernels.best();

    private CpuElementwise() {}

    static void unary(UnaryOp op, float alpha, float[] x, int xo, float[] y, int yo, int n) {
        Parallel.range(n, GRAIN, (from, to) -> ROWS.unary(op, alpha, x, xo + from, y, yo + from, to - from));
    }

    static void unaryBackward(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, float[] g, int go,
                              float[] gx, int gxo, int n) {
        Parallel.range(n, GRAIN, (from, to) -> ROWS.unaryBackward(op, a, x, xo + from, y, yo + from, g, go + from,
                gx, gxo + from, to - from));
    }

    /** One row of a binary op: c[oc + i*sc] = a[oa + i*sa] op b[ob + i*sb]. */
    static void binaryRow(BinaryOp op, float[] a, int oa, int sa, float[] b, int ob, int sb, float[] c, int oc, int sc,
                          int n) {
        if (sa == 1 && sb == 1 && sc == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] + b[ob + i]; }
                case SUB -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] - b[ob + i]; }
                case MUL -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] * b[ob + i]; }
                case DIV -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] / b[ob + i]; }
                case EQ -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] == b[ob + i] ? 1f : 0f; }
            }
        } else if (sa == 1 && sb == 0 && sc == 1) {
            float v = b[ob];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] + v; }
                case SUB -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] - v; }
                case MUL -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] * v; }
                case DIV -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] / v; }
                case EQ -> { for (int i = 0; i < n; i++) c[oc + i] = a[oa + i] == v ? 1f : 0f; }
            }
        } else {
            for (int i = 0; i < n; i++) {
                float x = a[oa + i * sa];
                float y = b[ob + i * sb];
                c[oc + i * sc] = switch (op) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    case MUL -> x * y;
                    case DIV -> x / y;
                    case EQ -> x == y ? 1f : 0f;
                };
            }
        }
    }

    static void copyRow(float[] a, int oa, int sa, float[] c, int oc, int sc, int n) {
        if (sa == 1 && sc == 1) {
            System.arraycopy(a, oa, c, oc, n);
        } else {
            for (int i = 0; i < n; i++) c[oc + i * sc] = a[oa + i * sa];
        }
    }

    static void fillUniform(float[] y, int yo, int n, long seed, float low, float high) {
        float span = high - low;
        Parallel.range(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) y[yo + i] = low + span * Rng.uniform(seed, i);
        });
    }

    static void fillNormal(float[] y, int yo, int n, long seed, float mean, float std) {
        Parallel.range(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) y[yo + i] = mean + std * Rng.normal(seed, i);
        });
    }

    static void dropoutMask(float[] y, int yo, int n, long seed, float p) {
        float keep = 1f / (1f - p);
        Parallel.range(n, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) y[yo + i] = Rng.uniform(seed, i) >= p ? keep : 0f;
        });
    }
}
