package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.UnaryOp;

/**
 * Batch normalisation per channel of NCHW data, parallel over channels, statistics in double. The loops
 * over each plane are {@link RowKernels}.
 */
final class CpuBatchNorm {
    private static final RowKernels ROWS = CpuElementwise.ROWS;

    /**
     * Per-thread scratch, as new arrays each chunk cost GC time: float slot 0 the normalised planes of a fused
     * activation, slots 1-3 per-channel coefficients; double slots 0-1 per-channel sums.
     */
    private static final ThreadScratch SCRATCH = new ThreadScratch(4, 2);

    /** Bytes of planes per channel group of training: about half of a core's L2 on the machines we use. */
    private static final long GROUP_BYTES = 512 * 1024;

    /** Floats per parallel grain of inference, and per activated run of its fused form. */
    private static final int INFERENCE_RUN = 8192;

    private CpuBatchNorm() {}

    /** y = x * scale + shift per channel: written once, as the fused backward must recompute the forward's bits. */
    private static float scale(float gamma, float invStd) {
        return gamma * invStd;
    }

    private static float shift(float beta, float mean, float scale) {
        return beta - mean * scale;
    }

    /**
     * Training-mode batch norm, then {@code act} when it is not null: the normalised planes go through scratch
     * into the activation, so the normalised tensor is never written out. Training and backward walk images outer
     * and a chunk of channels inner: the planes of one image's channels lie side by side, where one channel's
     * planes lie a whole image apart (a cache and TLB miss per plane on 4x4 to 14x14 planes). A parallel chunk's
     * channels go in groups small enough for L2 ({@link #channelsInCache}). Each channel still adds its images in
     * order, so every sum has the bits of a channel-outer loop whatever the chunks and groups.
     */
    static void training(UnaryOp act, int n, int c, int plane, float[] x, int xo, float[] gamma, int go, float[] beta,
                         int bo,
                         float[] rm, int rmo, float[] rv, int rvo, float momentum, float eps,
                         float[] y, int yo, float[] mean, int mo, float[] invStd, int io) {
        int group = channelsInCache(n, plane);
        Parallel.range(c, 1, (from, to) -> {
            for (int g = from; g < to; g += group) {
                trainingGroup(act, n, c, plane, x, xo, gamma, go, beta, bo, rm, rmo, rv, rvo, momentum, eps, y, yo,
                        mean, mo, invStd, io, g, Math.min(to, g + group));
            }
        });
    }

    /**
     * Channels per group whose planes of all n images take at most {@link #GROUP_BYTES}: a group's three passes run
     * one after another, so the second and third read x from L2, not L3 (216 channels of 14x14 at N64: 0.60-0.70
     * ms against 0.78-0.82 ms in one chunk of 27 channels). The backward pass, grouped alike, did not get faster.
     */
    private static int channelsInCache(int n, int plane) {
        return (int) Math.max(1, GROUP_BYTES / ((long) n * plane * Float.BYTES));
    }

    /** {@link #training} for channels [from, to). */
    private static void trainingGroup(UnaryOp act, int n, int c, int plane, float[] x, int xo, float[] gamma, int go,
                                      float[] beta, int bo, float[] rm, int rmo, float[] rv, int rvo, float momentum,
                                      float eps, float[] y, int yo, float[] mean, int mo, float[] invStd, int io,
                                      int from, int to) {
        long count = (long) n * plane;
        int m = to - from;
        double[] s = SCRATCH.zeroedDoubles(0, m);
        for (int img = 0; img < n; img++) {
            int p = xo + (img * c + from) * plane;
            for (int j = 0; j < m; j++) s[j] += ROWS.sum(x, p + j * plane, plane);
        }
        float[] mu = SCRATCH.floats(1, m);
        for (int j = 0; j < m; j++) mu[j] = (float) (s[j] / count);
        // Deviations from the float mean, as the gradient uses it; second pass for a stable variance.
        double[] ss = SCRATCH.zeroedDoubles(1, m);
        for (int img = 0; img < n; img++) {
            int p = xo + (img * c + from) * plane;
            for (int j = 0; j < m; j++) ss[j] += ROWS.sumSquaredDeviations(x, p + j * plane, plane, mu[j]);
        }
        float[] scale = SCRATCH.floats(2, m);
        float[] shift = SCRATCH.floats(3, m);
        for (int j = 0; j < m; j++) {
            int ch = from + j;
            double mean64 = s[j] / count;
            double var = ss[j] / count;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            mean[mo + ch] = mu[j];
            invStd[io + ch] = inv;
            scale[j] = scale(gamma[go + ch], inv);
            shift[j] = shift(beta[bo + ch], mu[j], scale[j]);
            double unbiased = count > 1 ? ss[j] / (count - 1) : var;
            rm[rmo + ch] = (float) ((1 - momentum) * rm[rmo + ch] + momentum * mean64);
            rv[rvo + ch] = (float) ((1 - momentum) * rv[rvo + ch] + momentum * unbiased);
        }
        // The chunk's planes of one image are contiguous: normalised together into scratch (in L2), then
        // one activation call over all of them.
        float[] norm = act == null ? null : SCRATCH.floats(0, m * plane);
        for (int img = 0; img < n; img++) {
            int p = (img * c + from) * plane;
            for (int j = 0; j < m; j++) {
                if (act == null) {
                    ROWS.scaleShift(x, xo + p + j * plane, y, yo + p + j * plane, plane, scale[j], shift[j]);
                } else {
                    ROWS.scaleShift(x, xo + p + j * plane, norm, j * plane, plane, scale[j], shift[j]);
                }
            }
            if (act != null) ROWS.unary(act, 0f, norm, 0, y, yo + p, m * plane);
        }
    }

    static void inference(int n, int c, int plane, float[] x, int xo, float[] gamma, int go, float[] beta, int bo,
                          float[] rm, int rmo, float[] rv, int rvo, float eps, float[] y, int yo) {
        inference(null, n, c, plane, x, xo, gamma, go, beta, bo, rm, rmo, rv, rvo, eps, y, yo);
    }

    /**
     * Inference-mode batch norm with the running statistics, then {@code act} when it is not null: runs of whole
     * planes, about L1's worth, are normalised into scratch and activated in one call from there.
     */
    static void inference(UnaryOp act, int n, int c, int plane, float[] x, int xo, float[] gamma, int go, float[] beta,
                          int bo, float[] rm, int rmo, float[] rv, int rvo, float eps, float[] y, int yo) {
        Parallel.range(n * c, Math.max(1, INFERENCE_RUN / Math.max(1, plane)), (from, to) -> {
            float[] norm = act == null ? null : SCRATCH.floats(0, Math.max(plane, INFERENCE_RUN));
            int run = from;
            int filled = 0;
            for (int nc = from; nc < to; nc++) {
                int ch = nc % c;
                float scale = gamma[go + ch] / (float) Math.sqrt(rv[rvo + ch] + eps);
                float shift = beta[bo + ch] - rm[rmo + ch] * scale;
                if (act == null) {
                    ROWS.scaleShift(x, xo + nc * plane, y, yo + nc * plane, plane, scale, shift);
                    continue;
                }
                if (filled + plane > norm.length) {
                    ROWS.unary(act, 0f, norm, 0, y, yo + run * plane, filled);
                    run = nc;
                    filled = 0;
                }
                ROWS.scaleShift(x, xo + nc * plane, norm, filled, plane, scale, shift);
                filled += plane;
            }
            if (filled > 0) ROWS.unary(act, 0f, norm, 0, y, yo + run * plane, filled);
        });
    }

    /**
     * Gradients of {@link #training}. With {@code act} not null, gy is the gradient at y = act(norm): each plane's
     * norm is recomputed from x with the forward's scale and shift, its activation gradient written to gx, and the
     * batch-norm gradient then computed from gx in place ({@code y}, {@code beta} are read only then).
     */
    static void backward(UnaryOp act, int n, int c, int plane, float[] x, int xo, float[] y, int yo,
                         float[] gy, int gyo, float[] gamma, int go, float[] beta, int bo, float[] mean,
                         int mo, float[] invStd, int io, float[] gx, int gxo, float[] gg, int ggo, float[] gb,
                         int gbo) {
        long count = (long) n * plane;
        // With an activation, the gradient at the norm lands in gx first and is read back from there.
        float[] g = act == null ? gy : gx;
        int gOff = act == null ? gyo : gxo;
        Parallel.range(c, 1, (from, to) -> {
            int m = to - from;
            double[] acc = SCRATCH.zeroedDoubles(0, 2 * m);
            double[] sums = SCRATCH.zeroedDoubles(1, 2);
            float[] norm = act == null ? null : SCRATCH.floats(0, m * plane);
            for (int img = 0; img < n; img++) {
                int p = (img * c + from) * plane;
                if (act != null) {
                    for (int j = 0; j < m; j++) {
                        int ch = from + j;
                        // The forward's scale and shift, so the norm has the forward's bits.
                        float scale = scale(gamma[go + ch], invStd[io + ch]);
                        ROWS.scaleShift(x, xo + p + j * plane, norm, j * plane, plane, scale,
                                shift(beta[bo + ch], mean[mo + ch], scale));
                    }
                    ROWS.unaryBackward(act, 0f, norm, 0, y, yo + p, gy, gyo + p, gx, gxo + p, m * plane);
                }
                for (int j = 0; j < m; j++) {
                    int q = p + j * plane;
                    int ch = from + j;
                    sums[0] = acc[2 * j];
                    sums[1] = acc[2 * j + 1];
                    ROWS.gradientSums(g, gOff + q, x, xo + q, plane, mean[mo + ch], sums);
                    acc[2 * j] = sums[0];
                    acc[2 * j + 1] = sums[1];
                }
            }
            float[] k = SCRATCH.floats(1, m);
            float[] b = SCRATCH.floats(2, m);
            float[] c0 = SCRATCH.floats(3, m);
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
                    ROWS.normGradient(g, gOff + q, x, xo + q, gx, gxo + q, plane, mean[mo + from + j], k[j], b[j],
                            c0[j]);
                }
            }
        });
    }
}
