package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.UnaryOp;

/** Elementwise loops over contiguous float arrays; one loop per op so each one vectorises. */
final class CpuElementwise {
    private static final int GRAIN = 1 << 15;

    private CpuElementwise() {}

    static void unary(UnaryOp op, float alpha, float[] x, int xo, float[] y, int yo, int n) {
        Parallel.range(n, GRAIN, (from, to) -> unaryRange(op, alpha, x, xo, y, yo, from, to));
    }

    private static void unaryRange(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, int from, int to) {
        switch (op) {
            case NEG -> { for (int i = from; i < to; i++) y[yo + i] = -x[xo + i]; }
            case EXP -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.exp(x[xo + i]); }
            case LOG -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.log(x[xo + i]); }
            case SQRT -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]); }
            case ABS -> { for (int i = from; i < to; i++) y[yo + i] = Math.abs(x[xo + i]); }
            case SQUARE -> { for (int i = from; i < to; i++) { float v = x[xo + i]; y[yo + i] = v * v; } }
            case TANH -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.tanh(x[xo + i]); }
            case POW -> { for (int i = from; i < to; i++) y[yo + i] = (float) Math.pow(x[xo + i], a); }
            case ADD_SCALAR -> { for (int i = from; i < to; i++) y[yo + i] = x[xo + i] + a; }
            case MUL_SCALAR -> { for (int i = from; i < to; i++) y[yo + i] = x[xo + i] * a; }
            case RELU -> { for (int i = from; i < to; i++) y[yo + i] = Math.max(x[xo + i], 0f); }
            case RELU6 -> { for (int i = from; i < to; i++) y[yo + i] = Math.min(Math.max(x[xo + i], 0f), 6f); }
            case SIGMOID -> { for (int i = from; i < to; i++) y[yo + i] = sigmoid(x[xo + i]); }
            case SILU -> { for (int i = from; i < to; i++) { float v = x[xo + i]; y[yo + i] = v * sigmoid(v); } }
            case HARD_SWISH -> { for (int i = from; i < to; i++) { float v = x[xo + i]; y[yo + i] = v * Math.min(Math.max(v + 3f, 0f), 6f) / 6f; } }
            case HARD_SIGMOID -> { for (int i = from; i < to; i++) y[yo + i] = Math.min(Math.max(x[xo + i] + 3f, 0f), 6f) / 6f; }
        }
    }

    static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    static void unaryBackward(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, float[] g, int go,
                              float[] gx, int gxo, int n) {
        Parallel.range(n, GRAIN, (from, to) -> {
            switch (op) {
                case NEG -> { for (int i = from; i < to; i++) gx[gxo + i] = -g[go + i]; }
                case EXP -> { for (int i = from; i < to; i++) gx[gxo + i] = g[go + i] * y[yo + i]; }
                case LOG -> { for (int i = from; i < to; i++) gx[gxo + i] = g[go + i] / x[xo + i]; }
                case SQRT -> { for (int i = from; i < to; i++) gx[gxo + i] = g[go + i] * 0.5f / y[yo + i]; }
                case ABS -> { for (int i = from; i < to; i++) gx[gxo + i] = g[go + i] * Math.signum(x[xo + i]); }
                case SQUARE -> { for (int i = from; i < to; i++) gx[gxo + i] = g[go + i] * 2f * x[xo + i]; }
                case TANH -> { for (int i = from; i < to; i++) { float t = y[yo + i]; gx[gxo + i] = g[go + i] * (1f - t * t); } }
                case POW -> { for (int i = from; i < to; i++) gx[gxo + i] = g[go + i] * a * (float) Math.pow(x[xo + i], a - 1f); }
                case ADD_SCALAR -> { for (int i = from; i < to; i++) gx[gxo + i] = g[go + i]; }
                case MUL_SCALAR -> { for (int i = from; i < to; i++) gx[gxo + i] = g[go + i] * a; }
                case RELU -> { for (int i = from; i < to; i++) gx[gxo + i] = x[xo + i] > 0f ? g[go + i] : 0f; }
                case RELU6 -> { for (int i = from; i < to; i++) { float v = x[xo + i]; gx[gxo + i] = v > 0f && v < 6f ? g[go + i] : 0f; } }
                case SIGMOID -> { for (int i = from; i < to; i++) { float s = y[yo + i]; gx[gxo + i] = g[go + i] * s * (1f - s); } }
                case SILU -> { for (int i = from; i < to; i++) { float v = x[xo + i]; float s = sigmoid(v); gx[gxo + i] = g[go + i] * s * (1f + v * (1f - s)); } }
                case HARD_SWISH -> { for (int i = from; i < to; i++) { float v = x[xo + i]; gx[gxo + i] = v < -3f ? 0f : v > 3f ? g[go + i] : g[go + i] * (2f * v + 3f) / 6f; } }
                case HARD_SIGMOID -> { for (int i = from; i < to; i++) { float v = x[xo + i]; gx[gxo + i] = v > -3f && v < 3f ? g[go + i] / 6f : 0f; } }
            }
        });
    }

    /** One row of a binary op: c[oc + i*sc] = a[oa + i*sa] op b[ob + i*sb]. */
    static void binaryRow(BinaryOp op, float[] a, int oa, int sa, float[] b, int ob, int sb, float[] c, int oc, int sc, int n) {
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
