package dev.blocknas.tensor.cpu;

/** Batch normalisation per channel of NCHW data, parallel over channels, statistics in double. */
final class CpuBatchNorm {
    private CpuBatchNorm() {}

    static void training(int n, int c, int plane, float[] x, int xo, float[] gamma, int go, float[] beta, int bo,
                         float[] rm, int rmo, float[] rv, int rvo, float momentum, float eps,
                         float[] y, int yo, float[] mean, int mo, float[] invStd, int io) {
        long count = (long) n * plane;
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int img = 0; img < n; img++) {
                    int p = xo + (img * c + ch) * plane;
                    for (int i = 0; i < plane; i++) s += x[p + i];
                }
                double mu = s / count;
                double ss = 0;
                for (int img = 0; img < n; img++) {
                    int p = xo + (img * c + ch) * plane;
                    for (int i = 0; i < plane; i++) {
                        double d = x[p + i] - mu;
                        ss += d * d;
                    }
                }
                double var = ss / count;
                float inv = (float) (1.0 / Math.sqrt(var + eps));
                mean[mo + ch] = (float) mu;
                invStd[io + ch] = inv;
                float scale = gamma[go + ch] * inv;
                float shift = beta[bo + ch] - (float) mu * scale;
                for (int img = 0; img < n; img++) {
                    int p = (img * c + ch) * plane;
                    for (int i = 0; i < plane; i++) y[yo + p + i] = x[xo + p + i] * scale + shift;
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
                int p = nc * plane;
                for (int i = 0; i < plane; i++) y[yo + p + i] = x[xo + p + i] * scale + shift;
            }
        });
    }

    static void backward(int n, int c, int plane, float[] x, int xo, float[] gy, int gyo, float[] gamma, int go,
                         float[] mean, int mo, float[] invStd, int io, float[] gx, int gxo, float[] gg, int ggo,
                         float[] gb, int gbo) {
        long count = (long) n * plane;
        Parallel.range(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mu = mean[mo + ch];
                float inv = invStd[io + ch];
                double sumG = 0;
                double sumGX = 0;
                for (int img = 0; img < n; img++) {
                    int p = (img * c + ch) * plane;
                    for (int i = 0; i < plane; i++) {
                        float g = gy[gyo + p + i];
                        sumG += g;
                        sumGX += g * (x[xo + p + i] - mu);
                    }
                }
                float dBeta = (float) sumG;
                float dGamma = (float) (sumGX * inv);
                gb[gbo + ch] = dBeta;
                gg[ggo + ch] = dGamma;
                // gx = gamma * inv * (g - mean(g) - xhat * mean(g * xhat))
                float k = gamma[go + ch] * inv;
                float meanG = (float) (sumG / count);
                float meanGXhat = (float) (sumGX * inv / count);
                for (int img = 0; img < n; img++) {
                    int p = (img * c + ch) * plane;
                    for (int i = 0; i < plane; i++) {
                        float xhat = (x[xo + p + i] - mu) * inv;
                        gx[gxo + p + i] = k * (gy[gyo + p + i] - meanG - xhat * meanGXhat);
                    }
                }
            }
        });
    }
}
