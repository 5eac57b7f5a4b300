package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Conv2dSpec;

/**
 * General grouped, strided, dilated convolution as im2col + GEMM. Several images go through one GEMM (their
 * columns side by side) so that the small planes of late network stages still give the micro-kernel wide
 * matrices; chunks of images run in parallel.
 */
final class CpuConv {
    /** Columns per GEMM worth gathering images for. */
    private static final int TARGET_COLUMNS = 384;

    private CpuConv() {}

    /** Dimensions of one convolution, derived once. */
    record Geometry(int n, int cin, int h, int w, int cout, int ho, int wo, Conv2dSpec spec) {
        int groups() { return spec.groups(); }
        int cinG() { return cin / spec.groups(); }
        int coutG() { return cout / spec.groups(); }
        int kk() { return spec.kernel() * spec.kernel(); }
        /** Rows of the column matrix of one group. */
        int colRows() { return cinG() * kk(); }
        int outPlane() { return ho * wo; }
        int inPlane() { return h * w; }
        boolean pointwise() {
            return spec.kernel() == 1 && spec.stride() == 1 && spec.padding() == 0;
        }
        /** Images per GEMM: the filter gradient's, whose dot products' lanes run over the chunk's columns. */
        int chunk() {
            return Math.max(1, Math.min(n, (TARGET_COLUMNS + outPlane() - 1) / outPlane()));
        }

        /**
         * Images per GEMM of the forward and data gradient, whose bits do not depend on it while the GEMM runs on
         * the blocked kernels (each output is the same sum over k whatever columns share its GEMM, see
         * {@link Sgemm#blocked}): {@link #chunk()}, shrunk so that a few chunks split evenly over the cores (three
         * chunks of 24 images of 4x4 on two cores left one idle a third of the time).
         */
        int balancedChunk() {
            int nb = chunk();
            int chunks = (n + nb - 1) / nb;
            int threads = Parallel.threads();
            if (chunks == 1 || chunks % threads == 0 || chunks >= 4 * threads) return nb;
            int even = (chunks + threads - 1) / threads * threads;
            int balanced = (n + even - 1) / even;
            // Only while the GEMM stays on the blocked kernels, whose bits do not depend on its width.
            boolean same = Sgemm.blocked(coutG(), nb * outPlane(), colRows()) == Sgemm.blocked(coutG(),
                    balanced * outPlane(), colRows());
            return same ? balanced : nb;
        }
    }

    /** Per-thread scratch: the column matrix, a gathered output/gradient block and a zero-padded plane. */
    private static final ThreadScratch SCRATCH = new ThreadScratch(3, 0);
    private static final StridedRows ROWS = StridedRows.best();

    /**
     * The filter gradient's per-part sums, owned by the calling thread for the length of one call: a part may
     * run on any thread, and one thread may run two parts, so they cannot live in the workers' scratch.
     */
    private static final ThreadLocal<float[][]> PARTIALS = ThreadLocal.withInitial(() -> new float[0][]);

    /** The packed filters, owned by the calling thread for the length of one call, like {@link #PARTIALS}. */
    private static final ThreadScratch PACKED = new ThreadScratch(1, 0);

    private static float[][] partials(int parts, int size) {
        float[][] p = PARTIALS.get();
        if (p.length < parts) {
            p = java.util.Arrays.copyOf(p, parts);
            PARTIALS.set(p);
        }
        for (int i = 0; i < parts; i++) if (p[i] == null || p[i].length < size) p[i] = new float[size];
        return p;
    }

    /**
     * The filter of each group as the GEMMs' op(A): W [coutG, colRows], or W^T for the data gradient, packed
     * once into the calling thread's buffer when more than one chunk of images will multiply it.
     */
    private static Sgemm.SharedA[] filters(Geometry g, boolean transposed, float[] w, int wo, int chunks) {
        int m = transposed ? g.colRows() : g.coutG();
        int k = transposed ? g.coutG() : g.colRows();
        int size = Sgemm.packedSize(m, k);
        float[] panels = chunks > 1 ? PACKED.floats(0, g.groups() * size) : null;
        Sgemm.SharedA[] shared = new Sgemm.SharedA[g.groups()];
        for (int grp = 0; grp < g.groups(); grp++) {
            int wOff = wo + grp * g.coutG() * g.colRows();
            shared[grp] = panels != null
                    ? Sgemm.pack(transposed, m, k, w, wOff, panels, grp * size)
                    : new Sgemm.SharedA(transposed, m, k, w, wOff, null, 0);
        }
        return shared;
    }

    static void forward(Geometry g, float[] x, int xo, float[] w, int wo, float[] y, int yo) {
        forward(g, g.balancedChunk(), x, xo, w, wo, y, yo);
    }

    /** {@link #forward} with {@code nb} images per GEMM. */
    static void forward(Geometry g, int nb, float[] x, int xo, float[] w, int wo, float[] y, int yo) {
        int chunks = (g.n() + nb - 1) / nb;
        Sgemm.SharedA[] filter = filters(g, false, w, wo, chunks);
        Parallel.range(chunks, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                int i0 = ch * nb;
                int cnt = Math.min(nb, g.n() - i0);
                int cols = cnt * g.outPlane();
                for (int grp = 0; grp < g.groups(); grp++) {
                    if (cnt == 1 && g.pointwise()) {
                        Sgemm.gemm(filter[grp], cols, x, inOffset(g, xo, i0, grp), 0f, y, outOffset(g, yo, i0, grp));
                        continue;
                    }
                    float[] col = SCRATCH.floats(0, g.colRows() * cols);
                    for (int j = 0; j < cnt; j++)
                        im2col(g, x, inOffset(g, xo, i0 + j, grp), col, cols, j * g.outPlane());
                    float[] out = SCRATCH.floats(1, g.coutG() * cols);
                    Sgemm.gemm(filter[grp], cols, col, 0, 0f, out, 0);
                    for (int j = 0; j < cnt; j++) {
                        scatterRows(out, cols, j * g.outPlane(), y, outOffset(g, yo, i0 + j, grp), g.coutG(),
                                g.outPlane());
                    }
                }
            }
        });
    }

    static void backwardData(Geometry g, float[] gy, int gyo, float[] w, int wo, float[] gx, int gxo) {
        backwardData(g, g.balancedChunk(), gy, gyo, w, wo, gx, gxo);
    }

    /** {@link #backwardData} with {@code nb} images per GEMM. */
    static void backwardData(Geometry g, int nb, float[] gy, int gyo, float[] w, int wo, float[] gx, int gxo) {
        int chunks = (g.n() + nb - 1) / nb;
        Sgemm.SharedA[] filter = filters(g, true, w, wo, chunks);
        Parallel.range(chunks, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                int i0 = ch * nb;
                int cnt = Math.min(nb, g.n() - i0);
                int cols = cnt * g.outPlane();
                for (int grp = 0; grp < g.groups(); grp++) {
                    if (cnt == 1 && g.pointwise()) {
                        Sgemm.gemm(filter[grp], cols, gy, outOffset(g, gyo, i0, grp), 0f, gx,
                                inOffset(g, gxo, i0, grp));
                        continue;
                    }
                    float[] gyc = SCRATCH.floats(1, g.coutG() * cols);
                    for (int j = 0; j < cnt; j++) {
                        gatherRows(gy, outOffset(g, gyo, i0 + j, grp), g.coutG(), g.outPlane(), gyc, cols,
                                j * g.outPlane());
                    }
                    float[] col = SCRATCH.floats(0, g.colRows() * cols);
                    Sgemm.gemm(filter[grp], cols, gyc, 0, 0f, col, 0);
                    for (int j = 0; j < cnt; j++) {
                        if (g.pointwise()) {
                            scatterRows(col, cols, j * g.outPlane(), gx, inOffset(g, gxo, i0 + j, grp), g.cinG(),
                                    g.inPlane());
                        } else {
                            col2im(g, col, cols, j * g.outPlane(), gx, inOffset(g, gxo, i0 + j, grp));
                        }
                    }
                }
            }
        });
    }

    static void backwardFilter(Geometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo) {
        int wSize = g.cout() * g.colRows();
        int nb = g.chunk();
        int chunks = (g.n() + nb - 1) / nb;
        int parts = Math.min(Parallel.threads(), chunks);
        float[][] partial = partials(parts, wSize);
        Parallel.parts(parts, part -> {
            float[] acc = partial[part];
            java.util.Arrays.fill(acc, 0, wSize, 0f);
            int from = (int) ((long) chunks * part / parts);
            int to = (int) ((long) chunks * (part + 1) / parts);
            for (int ch = from; ch < to; ch++) {
                int i0 = ch * nb;
                int cnt = Math.min(nb, g.n() - i0);
                int cols = cnt * g.outPlane();
                for (int grp = 0; grp < g.groups(); grp++) {
                    int wOff = grp * g.coutG() * g.colRows();
                    if (cnt == 1 && g.pointwise()) {
                        Sgemm.gemm(false, true, g.coutG(), g.colRows(), cols, 1f, gy, outOffset(g, gyo, i0, grp),
                                x, inOffset(g, xo, i0, grp), 1f, acc, wOff);
                        continue;
                    }
                    float[] col = SCRATCH.floats(0, g.colRows() * cols);
                    for (int j = 0; j < cnt; j++)
                        im2col(g, x, inOffset(g, xo, i0 + j, grp), col, cols, j * g.outPlane());
                    float[] gyc = SCRATCH.floats(1, g.coutG() * cols);
                    for (int j = 0; j < cnt; j++) {
                        gatherRows(gy, outOffset(g, gyo, i0 + j, grp), g.coutG(), g.outPlane(), gyc, cols,
                                j * g.outPlane());
                    }
                    Sgemm.gemm(false, true, g.coutG(), g.colRows(), cols, 1f, gyc, 0, col, 0, 1f, acc, wOff);
                }
            }
        });
        // Summed over the cores too (it was a tenth of the serial time between loops); each element still adds its
        // parts in order from zero.
        Parallel.range(wSize, 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) {
                float s = 0f;
                for (int p = 0; p < parts; p++) s += partial[p][i];
                gw[gwo + i] = s;
            }
        });
    }

    private static int inOffset(Geometry g, int base, int img, int grp) {
        return base + (img * g.cin() + grp * g.cinG()) * g.inPlane();
    }

    private static int outOffset(Geometry g, int base, int img, int grp) {
        return base + (img * g.cout() + grp * g.coutG()) * g.outPlane();
    }

    /** dst[r, :len] = src[r * ld + col0 ...] for rows r: one image's block out of the gathered matrix. */
    private static void scatterRows(float[] src, int ld, int col0, float[] dst, int dstOff, int rows, int len) {
        for (int r = 0; r < rows; r++) System.arraycopy(src, r * ld + col0, dst, dstOff + r * len, len);
    }

    /** The inverse of {@link #scatterRows}: one image's [rows, len] block into the gathered matrix. */
    private static void gatherRows(float[] src, int srcOff, int rows, int len, float[] dst, int ld, int col0) {
        for (int r = 0; r < rows; r++) System.arraycopy(src, srcOff + r * len, dst, r * ld + col0, len);
    }

    /**
     * Writes one image's column matrix [cinG * k * k, ho * wo] into {@code col} (leading dimension ld, starting
     * at column col0), zeros where the window leaves the image. Each channel is zero-padded once into
     * scratch, so every column row is a bounds-free strided copy.
     */
    static void im2col(Geometry g, float[] x, int xOff, float[] col, int ld, int col0) {
        if (g.pointwise()) {
            for (int c = 0; c < g.cinG(); c++) {
                System.arraycopy(x, xOff + c * g.inPlane(), col, c * ld + col0, g.inPlane());
            }
            return;
        }
        int k = g.spec().kernel();
        int s = g.spec().stride();
        int d = g.spec().dilation();
        int p = g.spec().padding();
        int wp = g.w() + 2 * p;
        float[] pad = SCRATCH.floats(2, (g.h() + 2 * p) * wp);
        java.util.Arrays.fill(pad, 0, (g.h() + 2 * p) * wp, 0f);
        int row = 0;
        for (int c = 0; c < g.cinG(); c++) {
            int plane = xOff + c * g.inPlane();
            for (int ih = 0; ih < g.h(); ih++) System.arraycopy(x, plane + ih * g.w(), pad, (ih + p) * wp + p, g.w());
            for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++, row++) {
                    int dst = row * ld + col0;
                    for (int oh = 0; oh < g.ho(); oh++) {
                        ROWS.gather(pad, (oh * s + kh * d) * wp + kw * d, s, col, dst + oh * g.wo(), g.wo());
                    }
                }
            }
        }
    }

    /**
     * Adds one image's column block back into image layout (the adjoint of im2col), overwriting its group:
     * each channel accumulates into a zero-padded scratch plane whose interior is then copied out.
     */
    static void col2im(Geometry g, float[] col, int ld, int col0, float[] gx, int gxOff) {
        int k = g.spec().kernel();
        int s = g.spec().stride();
        int d = g.spec().dilation();
        int p = g.spec().padding();
        int wp = g.w() + 2 * p;
        int padSize = (g.h() + 2 * p) * wp;
        float[] pad = SCRATCH.floats(2, padSize);
        int row = 0;
        for (int c = 0; c < g.cinG(); c++) {
            java.util.Arrays.fill(pad, 0, padSize, 0f);
            for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++, row++) {
                    int src = row * ld + col0;
                    for (int oh = 0; oh < g.ho(); oh++) {
                        ROWS.scatterAdd(col, src + oh * g.wo(), pad, (oh * s + kh * d) * wp + kw * d, s, g.wo());
                    }
                }
            }
            int plane = gxOff + c * g.inPlane();
            for (int ih = 0; ih < g.h(); ih++) System.arraycopy(pad, (ih + p) * wp + p, gx, plane + ih * g.w(), g.w());
        }
    }
}
