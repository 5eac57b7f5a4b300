package dev.blocknas.tensor.cpu;

/**
 * Single-precision row-major GEMM on the host: C = alpha * op(A) * op(B) + beta * C.
 *
 * <p>Blocked the textbook way (panels of B per KC x NC block, packed unless few rows of C reuse them; panels
 * of A per MR rows) around a register-tiled micro-kernel. The micro-kernel uses the Vector API when the JVM
 * runs with {@code --add-modules jdk.incubator.vector} (about 20x faster than what C2 auto-vectorises), else
 * a scalar kernel. A * B^T with a long k, where both operands run along k in memory, skips packing and takes
 * a dot-product kernel instead. Large products are split into tiles of C across the cores.
 */
public final class Sgemm {
    /** Longest k block; a k up to this runs in one pass over C. */
    static final int KC = 384;
    private static final MicroKernel KERNEL = MicroKernel.best();
    static final int MR = KERNEL.mr();
    static final int NR = KERNEL.nr();
    static final int NC = NR * Math.max(1, 512 / NR);
    private static final DotKernel DOT = dotKernel();
    /** At most this many rows of C (per tile) read B in place rather than packed. */
    static final int DIRECT_B_ROWS = 256;

    private Sgemm() {}

    /** True when the vectorised micro-kernel is in use. */
    public static boolean vectorized() {
        return KERNEL.vectorized();
    }

    private static DotKernel dotKernel() {
        if (!KERNEL.vectorized()) return null;
        try {
            return (DotKernel) Class.forName("dev.blocknas.tensor.cpu.VectorKernels")
                    .getDeclaredMethod("dotKernel").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * C[m, n] (leading dimension n, at {@code co}) = alpha * op(A) * op(B) + beta * C, with op(A) [m, k]
     * stored as [m, k] or, transposed, [k, m]; op(B) [k, n] stored as [k, n] or, transposed, [n, k].
     */
    public static void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha,
                            float[] a, int ao, float[] b, int bo, float beta, float[] c, int co) {
        product(ta, tb, m, n, k, alpha, a, ao, null, 0, b, bo, beta, c, co);
    }

    /**
     * op(A) [m, k] shared by several products (a convolution's filter over its chunks of images): when
     * {@code panels} is not null it holds op(A) packed once, at {@code po}, in the layout every tile reads.
     */
    record SharedA(boolean ta, int m, int k, float[] a, int ao, float[] panels, int po) {}

    /** Floats that op(A) [m, k] takes packed. */
    static int packedSize(int m, int k) {
        return paddedRows(m) * k;
    }

    /** m rounded up to whole panels of MR rows. */
    private static int paddedRows(int m) {
        return (m + MR - 1) / MR * MR;
    }

    /**
     * Packs op(A) [m, k] into {@code panels} at {@code po} ({@link #packedSize} floats): per k block, per MR
     * rows, [kc][MR] with zero rows past m, the same values each tile would pack for itself (alpha 1).
     */
    static SharedA pack(boolean ta, int m, int k, float[] a, int ao, float[] panels, int po) {
        int kcMax = kcMax(k);
        int mPad = paddedRows(m);
        for (int pc = 0; pc < k; pc += kcMax) {
            int kc = Math.min(kcMax, k - pc);
            for (int ir = 0; ir < m; ir += MR) {
                packA(ta, m, k, 1f, a, ao, ir, Math.min(MR, m - ir), pc, kc, panels, po + pc * mPad + ir * kc);
            }
        }
        return new SharedA(ta, m, k, a, ao, panels, po);
    }

    /** C[m, n] = op(A) * B + beta * C with a shared op(A), packed or not; B stored [k, n]. */
    static void gemm(SharedA a, int n, float[] b, int bo, float beta, float[] c, int co) {
        product(a.ta(), false, a.m(), n, a.k(), 1f, a.a(), a.ao(), a.panels(), a.po(), b, bo, beta, c, co);
    }

    /**
     * Whether an m x n x k product runs on the blocked kernels (else a plain loop of separate multiplies and adds):
     * above this size the bits of an element of C depend on neither n nor where its column lies.
     */
    static boolean blocked(int m, int n, int k) {
        return (long) m * n * k >= 16 * 16 * 16;
    }

    /** Equal k blocks of at most KC: a k just over KC would otherwise leave a thin, inefficient last pass. */
    private static int kcMax(int k) {
        int kBlocks = (k + KC - 1) / KC;
        return (k + kBlocks - 1) / kBlocks;
    }

    private static void product(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao,
                                float[] panels, int po, float[] b, int bo, float beta, float[] c, int co) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f || !blocked(m, n, k)) {
            if (beta != 1f) scale(c, co, m * n, beta);
            if (k != 0 && alpha != 0f) naive(ta, tb, m, n, k, alpha, a, ao, b, bo, c, co);
            return;
        }
        // beta 0 or 1 folds into the first pass (store or add); anything else scales C first.
        if (beta != 0f && beta != 1f) scale(c, co, m * n, beta);
        boolean add = beta != 0f;
        boolean split = (long) m * n * k >= 64L * 64 * 64;
        if (tb && !ta && DOT != null && preferDot(n, k)) {
            int blocks = (m + 3) / 4;
            Parallel.range(blocks, split ? 1 : blocks,
                    (from, to) -> DOT.rows(4 * from, Math.min(m, 4 * to), n, k, alpha, a, ao, b, bo, c, co, add));
            return;
        }
        // Tiles of C: enough for every core, each at least MR rows and NR columns.
        int threads = Parallel.threads();
        int rowTiles = Math.max(1, Math.min((m + MR - 1) / MR, threads));
        int colTiles = Math.max(1, Math.min((n + NR - 1) / NR, (threads * 2 + rowTiles - 1) / rowTiles));
        if (!split) {
            rowTiles = 1;
            colTiles = 1;
        }
        int rt = rowTiles;
        int ct = colTiles;
        Parallel.range(rt * ct, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int r = t / ct;
                int q = t % ct;
                int i0 = alignedSplit(m, rt, r, MR);
                int i1 = alignedSplit(m, rt, r + 1, MR);
                int j0 = alignedSplit(n, ct, q, NR);
                int j1 = alignedSplit(n, ct, q + 1, NR);
                if (i0 < i1 && j0 < j1) {
                    tile(ta, tb, m, n, k, alpha, a, ao, panels, po, b, bo, c, co, add, i0, i1, j0, j1);
                }
            }
        });
    }

    /**
     * Whether A * B^T should run as dot products: the lane reductions at the end of each 4 x 4 block need a
     * long k to pay off, while packing B^T wastes most of a panel when n is narrow (measured on AVX-512).
     */
    static boolean preferDot(int n, int k) {
        int weight = n < NR ? 4 : n <= 2 * NR ? 2 : 1;
        return (long) k * weight >= 256;
    }

    private static int alignedSplit(int total, int parts, int i, int align) {
        if (i >= parts) return total;
        int blocks = (total + align - 1) / align;
        return Math.min(total, (int) ((long) blocks * i / parts) * align);
    }

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(
            () -> new float[][] {new float[KC * NC], new float[KC * MR], new float[MR * NR]});

    /** One tile of C; op(A) from {@code packed} (see {@link #pack}) when not null, else packed here. */
    private static void tile(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao,
                             float[] packed, int po, float[] b, int bo, float[] c, int co, boolean add,
                             int i0, int i1, int j0, int j1) {
        float[][] buf = BUFFERS.get();
        float[] bp = buf[0];
        float[] ap = packed != null ? packed : buf[1];
        float[] edge = buf[2];
        boolean direct = readsBInPlace(tb, i1 - i0, n);
        int kcMax = kcMax(k);
        int mPad = paddedRows(m);
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean accumulate = add || pc > 0;
                if (direct) packEdge(n, b, bo, pc, kc, jc, nc, bp);
                else packB(tb, n, k, b, bo, pc, kc, jc, nc, bp);
                for (int ir = i0; ir < i1; ir += MR) {
                    int mr = Math.min(MR, i1 - ir);
                    int aOff = 0;
                    if (packed == null) packA(ta, m, k, alpha, a, ao, ir, mr, pc, kc, ap, 0);
                    else aOff = po + pc * mPad + ir * kc;
                    for (int jp = 0; jp < panels; jp++) {
                        int j = jc + jp * NR;
                        int nr = Math.min(NR, jc + nc - j);
                        int bOff = jp * kc * NR;
                        float[] bs = bp;
                        int ldb = NR;
                        if (direct && nr == NR) {
                            bs = b;
                            bOff = bo + pc * n + j;
                            ldb = n;
                        }
                        if (mr == MR && nr == NR) {
                            KERNEL.run(kc, ap, aOff, bs, bOff, ldb, c, co + ir * n + j, n, accumulate);
                        } else {
                            // Edge tile: the kernel stores the whole tile into scratch, the valid part is copied.
                            KERNEL.run(kc, ap, aOff, bs, bOff, ldb, edge, 0, NR, false);
                            for (int r = 0; r < mr; r++) {
                                int cr = co + (ir + r) * n + j;
                                if (accumulate) {
                                    for (int q = 0; q < nr; q++) c[cr + q] += edge[r * NR + q];
                                } else {
                                    System.arraycopy(edge, r * NR, c, cr, nr);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether the micro-kernel reads full panels of a non-transposed B where it lies: with up to a few hundred
     * rows of C, packing costs more than it saves (measured on AVX-512). Not when B's row stride is a multiple
     * of 1 KiB or close to one of 4 KiB, where its rows crowd a few cache sets.
     */
    static boolean readsBInPlace(boolean tb, int rows, int n) {
        int r = n % 1024;
        return !tb && rows <= DIRECT_B_ROWS && n % 256 != 0 && r > 32 && r < 992;
    }

    /** Packs the last, partial panel of B[pc:pc+kc, jc:jc+nc] (zero-padded): reading it in place would overrun. */
    private static void packEdge(int n, float[] b, int bo, int pc, int kc, int jc, int nc, float[] bp) {
        int panels = (nc + NR - 1) / NR;
        int j = jc + (panels - 1) * NR;
        int nr = jc + nc - j;
        if (nr == NR) return;
        int base = (panels - 1) * kc * NR;
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, bo + (pc + p) * n + j, bp, base + p * NR, nr);
            java.util.Arrays.fill(bp, base + p * NR + nr, base + (p + 1) * NR, 0f);
        }
    }

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] as panels of NR columns, [panel][p][NR], zero-padded. */
    private static void packB(boolean tb, int n, int k, float[] b, int bo, int pc, int kc, int jc, int nc, float[] bp) {
        int panels = (nc + NR - 1) / NR;
        for (int jp = 0; jp < panels; jp++) {
            int j = jc + jp * NR;
            int nr = Math.min(NR, jc + nc - j);
            int base = jp * kc * NR;
            if (!tb) {
                for (int p = 0; p < kc; p++) System.arraycopy(b, bo + (pc + p) * n + j, bp, base + p * NR, nr);
            } else {
                // Walk each stored row of B along k (contiguous reads); the strided writes stay in cache.
                for (int q = 0; q < nr; q++) {
                    int src = bo + (j + q) * k + pc;
                    for (int p = 0; p < kc; p++) bp[base + p * NR + q] = b[src + p];
                }
            }
            if (nr < NR) {
                for (int p = 0; p < kc; p++) java.util.Arrays.fill(bp, base + p * NR + nr, base + (p + 1) * NR, 0f);
            }
        }
    }

    /** Packs alpha * op(A)[ir:ir+mr, pc:pc+kc] as [p][MR] at {@code d}, zero-padded rows. */
    private static void packA(boolean ta, int m, int k, float alpha, float[] a, int ao, int ir, int mr, int pc, int kc,
                              float[] ap, int d) {
        if (ta) {
            // op(A) rows are columns of the stored A: each p is a contiguous run of mr values.
            for (int p = 0; p < kc; p++) {
                int src = ao + (pc + p) * m + ir;
                int dst = d + p * MR;
                for (int r = 0; r < mr; r++) ap[dst + r] = alpha * a[src + r];
                for (int r = mr; r < MR; r++) ap[dst + r] = 0f;
            }
            return;
        }
        for (int r = 0; r < MR; r++) {
            if (r >= mr) {
                for (int p = 0; p < kc; p++) ap[d + p * MR + r] = 0f;
            } else {
                int src = ao + (ir + r) * k + pc;
                for (int p = 0; p < kc; p++) ap[d + p * MR + r] = alpha * a[src + p];
            }
        }
    }

    private static void scale(float[] c, int co, int len, float beta) {
        Parallel.range(len, 1 << 16, (from, to) -> {
            if (beta == 0f) java.util.Arrays.fill(c, co + from, co + to, 0f);
            else for (int i = from; i < to; i++) c[co + i] *= beta;
        });
    }

    private static void naive(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int ao,
                              float[] b, int bo, float[] c, int co) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                float av = alpha * (ta ? a[ao + p * m + i] : a[ao + i * k + p]);
                int crow = co + i * n;
                if (!tb) {
                    int brow = bo + p * n;
                    for (int j = 0; j < n; j++) c[crow + j] += av * b[brow + j];
                } else {
                    for (int j = 0; j < n; j++) c[crow + j] += av * b[bo + j * k + p];
                }
            }
        }
    }
}
