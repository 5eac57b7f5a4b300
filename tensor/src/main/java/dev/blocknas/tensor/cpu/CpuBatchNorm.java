package dev.blocknas.tensor.cpu;

/**
 * Batch normalisation per channel of NCHW data, parallel over channels, statistics in double. The loops
 * over each plane are {@link RowKernels}.
 */
final class CpuBatchNorm {
    private static final RowKernels ROWS = CpuElementwise.ROWS;

    private CpuBatchNorm() {}

    static void training(int n, int c, int plane, float[] x, int xo, float[] gamma, int go, float[] beta, int bo,
                         float[] rm, int rmo, float[] rv, int rvo, float momentum, float eps,
                         float[] y, int yo, float[] mean, int mo, float[] invStd, int io) {
        long count = (long) n * plane;
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int img = 0; img < n; img++) s += ROWS.sum(x, xo + (img * c + ch) * plane, plane);
                double mu = s / count;
                // Deviations from the float mean, as the gradient uses it; second pass for a stable variance.
                double ss = 0;
                for (int img = 0; img < n; img++) {
                    ss += ROWS.sumSquaredDeviations(x, xo + (img * c + ch) * plane, plane, (float) mu);
                }
                double var = ss / count;
                float inv = (float) (1.0 / Math.sqrt(var + eps));
                mean[mo + ch] = (float) mu;
                invStd[io + ch] = inv;
                float scale = gamma[go + ch] * inv;
                float shift = beta[bo + ch] - (float) mu * scale;
                for (int img = 0; img < n; img++) {
                    int p = (img * c + ch) * plane;
                    ROWS.scaleShift(x, xo + p, y, yo + p, plane, scale, shift);
                }
                double unbiased = count > 1 ? ss / (count - 1) : var;
                rm[rmo + ch] = (float) ((1 - momentum) * rm[rmo + ch] + momentum * mu);
                rv[rvo + ch] = (float) ((1 - momentum) * rv[rvo + ch] + momentum * unbiased);
            }
        });
    }

    static void inference(int n, int c, int plane, float[] x, int xo, float[] gamma, int go, float[] beta, int bo,
                          float[] rm, int rmo, float[] rv, int rvo, float eps, float[] y, int yo) {
        Parallel.range(n * c, Math.max(1, 8192 / Math.max(1, plane)), (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int ch = nc % c;
                float scale = gamma[go + ch] / (float) Math.sqrt(rv[rvo + ch] + eps);
                float shift = beta[bo + ch] - rm[rmo + ch] * scale;
                ROWS.scaleShift(x, xo + nc * plane, y, yo + nc * plane, plane, scale, shift);
            }
        });
    }

    static void backward(int n, int c, int plane, float[] x, int xo, float[] gy, int gyo, float[] gamma, int go,
                         float[] mean, int mo, float[] invStd, int io, float[] gx, int gxo, float[] gg, int ggo,
                         float[] gb, int gbo) {
        long count = (long) n * plane;
        Parallel.range(c, 1, (from, to) -> {
            double[] sums = new double[2];
            for (int ch = from; ch < to; ch++) {
                float mu = mean[mo + ch];
                float inv = invStd[io + ch];
                sums[0] = 0;
                sums[1] = 0;
                for (int img = 0; img < n; img++) {
                    int p = (img * c + ch) * plane;
                    ROWS.gradientSums(gy, gyo + p, x, xo + p, plane, mu, sums);
                }
                double sumG = sums[0];
                double sumGX = sums[1];
                gb[gbo + ch] = (float) sumG;
                gg[ggo + ch] = (float) (sumGX * inv);
                // gx = gamma * inv * (g - mean(g) - xhat * mean(g * xhat)), xhat = (x - mu) * inv
                float k = gamma[go + ch] * inv;
                float meanG = (float) (sumG / count);
                float meanGXhat = (float) (sumGX * inv / count);
                float b = -k * inv * meanGXhat;
                float c0 = -k * meanG;
                for (int img = 0; img < n; img++) {
                    int p = (img * c + ch) * plane;
                    ROWS.normGradient(gy, gyo + p, x, xo + p, gx, gxo + p, plane, mu, k, b, c0);
                }
            }
        });
    }
}
