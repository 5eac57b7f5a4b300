package dev.blocknas.tensor.cpu;

/** Row-wise log-softmax and softmax cross-entropy with label smoothing. */
final class CpuSoftmax {
    private CpuSoftmax() {}

    static void logSoftmax(int rows, int cols, float[] x, int xo, float[] y, int yo) {
        Parallel.range(rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) max = Math.max(max, x[xo + o + j]);
                double s = 0;
                for (int j = 0; j < cols; j++) s += Math.exp(x[xo + o + j] - max);
                float lse = max + (float) Math.log(s);
                for (int j = 0; j < cols; j++) y[yo + o + j] = x[xo + o + j] - lse;
            }
        });
    }

    static void logSoftmaxBackward(int rows, int cols, float[] y, int yo, float[] gy, int gyo, float[] gx, int gxo) {
        Parallel.range(rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * cols;
                double s = 0;
                for (int j = 0; j < cols; j++) s += gy[gyo + o + j];
                for (int j = 0; j < cols; j++)
                    gx[gxo + o + j] = gy[gyo + o + j] - (float) Math.exp(y[yo + o + j]) * (float) s;
            }
        });
    }

    static void crossEntropy(int rows, int cols, float[] x, int xo, float[] labels, int lo, float smoothing,
                             float[] loss, int losso, float[] d, int dO) {
        float off = smoothing / cols;
        float on = 1f - smoothing + off;
        Parallel.range(rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = xo + r * cols;
                int label = (int) labels[lo + r];
                if (label < 0 || label >= cols) {
                    throw new IllegalArgumentException("label " + label + " is outside 0.." + (cols - 1));
                }
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) max = Math.max(max, x[o + j]);
                double s = 0;
                for (int j = 0; j < cols; j++) s += Math.exp(x[o + j] - max);
                double lse = max + Math.log(s);
                double l = 0;
                for (int j = 0; j < cols; j++) {
                    float t = j == label ? on : off;
                    l -= t * (x[o + j] - lse);
                    if (d != null) d[dO + r * cols + j] = (float) Math.exp(x[o + j] - lse) - t;
                }
                loss[losso + r] = (float) l;
            }
        });
    }
}
