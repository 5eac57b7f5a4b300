package dev.blocknas.tensor.cpu;

/**
 * Batch normalisation per channel of NCHW data, parallel over channels, statistics in double. The loops
 * over each plane are {@link RowKernels}.
 */
final class CpuBatchNorm {
    private static final RowKernels ROWS = CpuElementwise.ROWS;

    private CpuBatchNorm() {}

    /*
     * Training and backward walk images outer and a chunk of channels inner: the planes of one image's channels
     * lie side by side, where one channel's planes lie a whole image apart (a cache and TLB miss per plane on
     * 4x4 to 14x14 planes). Each channel still adds its images in order, so every sum has the bits of a
     * channel-outer loop.
     */
    static void training(int n, int c, int plane, float[] x, int xo, float[] gamma, int go, float[] beta, int bo,
                         float[] rm, int rmo, float[] rv, int rvo, float momentum, float eps,
                         float[] y, int yo, float[] mean, int mo, float[] invStd, int io) {
        long count = (long) n * plane;
        Parallel.range(c, 1, (from, to) -> {
            int m = to - from;
            double[] s = new double[m];
            for (int img = 0; img < n; img++) {
                int p = xo + (img * c + from) * plane;
                for (int j = 0; j < m; j++) s[j] += ROWS.sum(x, p + j * plane, plane);
            }
            float[] mu = new float[m];
            for (int j = 0; j < m; j++) mu[j] = (float) (s[j] / count);
            // Deviations from the float mean, as the gradient uses it; second pass for a stable variance.
            double[] ss = new double[m];
            for (int img = 0; img < n; img++) {
                int p = xo + (img * c + from) * plane;
                for (int j = 0; j < m; j++) ss[j] += ROWS.sumSquaredDeviations(x, p + j * plane, plane, mu[j]);
            }
            float[] scale = new float[m];
            float[] shift = new float[m];
            for (int j = 0; j < m; j++) {
                int ch = from + j;
                double mean64 = s[j] / count;
                double var = ss[j] / count;
                float inv = (float) (1.0 / Math.sqrt(var + eps));
                mean[mo + ch] = mu[j];
                invStd[io + ch] = inv;
                scale[j] = gamma[go + ch] * inv;
                shift[j] = beta[bo + ch] - mu[j] * scale[j];
                double unbiased = count > 1 ? ss[j] / (count - 1) : var;
                rm[rmo + ch] = (float) ((1 - momentum) * rm[rmo + ch] + momentum * mean64);
                rv[rvo + ch] = (float) ((1 - momentum) * rv[rvo + ch] + momentum * unbiased);
            }
            for (int img = 0; img < n; img++) {
                int p = (img * c + from) * plane;
                for (int j = 0; j < m; j++) {
                    ROWS.scaleShift(x, xo + p + j * plane, y, yo + p + j * plane, plane, scale[j], shift[j]);
                }
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
            int m = to - from;
            double[] acc = new double[2 * m];
            double[] sums = new double[2];
            for (int img = 0; img < n; img++) {
                int p = (img * c + from) * plane;
                for (int j = 0; j < m; j++) {
                    sums[0] = acc[2 * j];
                    sums[1] = acc[2 * j + 1];
                    ROWS.gradientSums(gy, gyo + p + j * plane, x, xo + p + j * plane, plane, mean[mo + from + j], sums);
                    acc[2 * j] = sums[0];
                    acc[2 * j + 1] = sums[1];
                }
            }
            float[] k = new float[m];
            float[] b = new float[m];
            float[] c0 = new float[m];
            for (int j = 0; j < m; j++) {
                int ch = from + j;
                float inv = invStd[io + ch];
                double sumG = acc[2 * j];
                double sumGX = acc[2 * j + 1];
                gb[gbo + ch] = (float) sumG;
                gg[ggo + ch] = (float) (sumGX * inv);
                // gx = gamma * inv * (g - mean(g) - xhat * mean(g * xhat)), xhat = (x - mu) * inv
                k[j] = gamma[go + ch] * inv;
                float meanG = (float) (sumG / count);
                float meanGXhat = (float) (sumGX * inv / count);
                b[j] = -k[j] * inv * meanGXhat;
                c0[j] = -k[j] * meanG;
            }
            for (int img = 0; img < n; img++) {
                int p = (img * c + from) * plane;
                for (int j = 0; j < m; j++) {
                    int q = p + j * plane;
                    ROWS.normGradient(gy, gyo + q, x, xo + q, gx, gxo + q, plane, mean[mo + from + j], k[j], b[j],
                            c0[j]);
                }
            }
        });
    }
}
