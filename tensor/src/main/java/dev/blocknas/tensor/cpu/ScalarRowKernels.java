package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.UnaryOp;

/** Plain-Java {@link RowKernels}: one simple loop per op, sums in double. */
final class ScalarRowKernels implements RowKernels {
    @Override
    public void unary(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) y[yo + i] = -x[xo + i]; }
            case EXP -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.exp(x[xo + i]); }
            case LOG -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.log(x[xo + i]); }
            case SQRT -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.sqrt(x[xo + i]); }
            case ABS -> { for (int i = 0; i < n; i++) y[yo + i] = Math.abs(x[xo + i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v * v; } }
            case TANH -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.tanh(x[xo + i]); }
            case POW -> { for (int i = 0; i < n; i++) y[yo + i] = (float) Math.pow(x[xo + i], a); }
            case ADD_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] + a; }
            case MUL_SCALAR -> { for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * a; }
            case RELU -> { for (int i = 0; i < n; i++) y[yo + i] = Math.max(x[xo + i], 0f); }
            case RELU6 -> { for (int i = 0; i < n; i++) y[yo + i] = Math.min(Math.max(x[xo + i], 0f), 6f); }
            case SIGMOID -> { for (int i = 0; i < n; i++) y[yo + i] = sigmoid(x[xo + i]); }
            case SILU -> { for (int i = 0; i < n; i++) { float v = x[xo + i]; y[yo + i] = v * sigmoid(v); } }
            case HARD_SWISH -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    y[yo + i] = v * Math.min(Math.max(v + 3f, 0f), 6f) / 6f;
                }
            }
            case HARD_SIGMOID -> {
                for (int i = 0; i < n; i++) y[yo + i] = Math.min(Math.max(x[xo + i] + 3f, 0f), 6f) / 6f;
            }
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, float[] g, int go,
                              float[] gx, int gxo, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) gx[gxo + i] = -g[go + i]; }
            case EXP -> { for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i] * y[yo + i]; }
            case LOG -> { for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i] / x[xo + i]; }
            case SQRT -> { for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i] * 0.5f / y[yo + i]; }
            case ABS -> { for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i] * Math.signum(x[xo + i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i] * 2f * x[xo + i]; }
            case TANH -> {
                for (int i = 0; i < n; i++) { float t = y[yo + i]; gx[gxo + i] = g[go + i] * (1f - t * t); }
            }
            case POW -> {
                for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i] * a * (float) Math.pow(x[xo + i], a - 1f);
            }
            case ADD_SCALAR -> { for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i]; }
            case MUL_SCALAR -> { for (int i = 0; i < n; i++) gx[gxo + i] = g[go + i] * a; }
            case RELU -> { for (int i = 0; i < n; i++) gx[gxo + i] = x[xo + i] > 0f ? g[go + i] : 0f; }
            case RELU6 -> {
                for (int i = 0; i < n; i++) { float v = x[xo + i]; gx[gxo + i] = v > 0f && v < 6f ? g[go + i] : 0f; }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) { float s = y[yo + i]; gx[gxo + i] = g[go + i] * s * (1f - s); }
            }
            case SILU -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    float s = sigmoid(v);
                    gx[gxo + i] = g[go + i] * s * (1f + v * (1f - s));
                }
            }
            case HARD_SWISH -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    gx[gxo + i] = v < -3f ? 0f : v > 3f ? g[go + i] : g[go + i] * (2f * v + 3f) / 6f;
                }
            }
            case HARD_SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    float v = x[xo + i];
                    gx[gxo + i] = v > -3f && v < 3f ? g[go + i] / 6f : 0f;
                }
            }
        }
    }

    static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    @Override
    public double sum(float[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[off + i];
        return s;
    }

    @Override
    public float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, x[off + i]);
        return m;
    }

    @Override
    public double sumSquaredDeviations(float[] x, int off, int n, float mean) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public void scaleShift(float[] x, int xo, float[] y, int yo, int n, float scale, float shift) {
        for (int i = 0; i < n; i++) y[yo + i] = x[xo + i] * scale + shift;
    }

    @Override
    public void gradientSums(float[] g, int go, float[] x, int xo, int n, float mean, double[] acc) {
        double sumG = 0;
        double sumGX = 0;
        for (int i = 0; i < n; i++) {
            float gi = g[go + i];
            sumG += gi;
            sumGX += gi * (x[xo + i] - mean);
        }
        acc[0] += sumG;
        acc[1] += sumGX;
    }

    @Override
    public void normGradient(float[] g, int go, float[] x, int xo, float[] gx, int gxo, int n, float mean, float a,
                             float b, float c) {
        for (int i = 0; i < n; i++) gx[gxo + i] = a * g[go + i] + b * (x[xo + i] - mean) + c;
    }
}
