package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link DotKernel}: 4 x 4 blocks of C as sixteen vector accumulators along k (eight loads feed
 * sixteen fused multiply-adds), reduced across lanes once per block. Edge blocks repeat the last row or column
 * and drop the copies. Needs 32 vector registers.
 *
 * <p>The k tail (k mod L columns) adds a rounded product to each of the block's sixteen sums, column by column.
 * Done in scalar code it took a fifth of a 216 x 36 x 392 product (a filter gradient of 14x14 or 7x7 planes),
 * so where sixteen is a whole number of vectors the tail's operands are laid out once per call as rows of
 * sixteen (A's value repeated over its row of the block, B's over its column) and each column is one vector
 * multiply and one add: the same operations in the same order, so the same bits.
 */
final class VectorDotKernel implements DotKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** The block's sums and its accumulators' lanes. */
    private static final ThreadScratch SCRATCH = new ThreadScratch(4, 0);
    /** Whether a block's sixteen sums are whole vectors, so that the k tail runs as vectors. */
    private static final boolean VECTOR_TAIL = L <= 16 && 16 % L == 0;

    @Override
    public void rows(int i0, int i1, int n, int k, float alpha, float[] a, int ao, float[] b, int bo, float[] c, int co,
                     boolean add) {
        float[] t = SCRATCH.floats(0, 16);
        float[] lanes = SCRATCH.floats(1, 16 * L);
        int kMain = k - k % L;
        int tail = k - kMain;
        boolean vectorTail = VECTOR_TAIL && tail > 0;
        float[] at = null;
        float[] bt = null;
        if (vectorTail) {
            at = SCRATCH.floats(2, 16 * tail);
            bt = SCRATCH.floats(3, (n + 3) / 4 * 16 * tail);
            for (int j = 0; j < n; j += 4)
                layOutTail(b, bo + j * k, Math.min(4, n - j), k, kMain, tail, false, bt, j * 4 * tail);
        }
        for (int i = i0; i < i1; i += 4) {
            int mr = Math.min(4, i1 - i);
            if (vectorTail) layOutTail(a, ao + i * k, mr, k, kMain, tail, true, at, 0);
            for (int j = 0; j < n; j += 4) {
                int nr = Math.min(4, n - j);
                int bto = j * 4 * tail;
                block(k, kMain, vectorTail ? kMain : k, a, ao + i * k, mr, b, bo + j * k, nr, t, lanes);
                if (vectorTail) addTail(t, at, bt, bto, tail);
                for (int r = 0; r < mr; r++) {
                    int cr = co + (i + r) * n + j;
                    for (int q = 0; q < nr; q++) c[cr + q] = alpha * t[r * 4 + q] + (add ? c[cr + q] : 0f);
                }
            }
        }
    }

    /**
     * The k tail of rows [row, row + count) (the last repeated up to four) as tail rows of sixteen: element
     * r * 4 + q of column p is the row's value at kMain + p, where the row is r when {@code asA}, else q.
     */
    private static void layOutTail(float[] x, int row, int count, int k, int kMain, int tail, boolean asA, float[] out,
                                   int o) {
        // Row r's value goes to elements r * 4 .. r * 4 + 3 (A) or r, r + 4, r + 8, r + 12 (B) of each column.
        int first = asA ? 4 : 1;
        int step = asA ? 1 : 4;
        for (int r = 0; r < 4; r++) {
            int src = row + Math.min(r, count - 1) * k + kMain;
            int dst = o + r * first;
            for (int p = 0; p < tail; p++) {
                float v = x[src + p];
                int d = dst + p * 16;
                out[d] = v;
                out[d + step] = v;
                out[d + 2 * step] = v;
                out[d + 3 * step] = v;
            }
        }
    }

    /** t += the tail's products column by column, each product rounded before it is added (as scalar code does). */
    private static void addTail(float[] t, float[] at, float[] bt, int bo, int tail) {
        for (int s = 0; s < 16; s += L) {
            FloatVector sum = FloatVector.fromArray(S, t, s);
            for (int p = 0; p < tail; p++) {
                sum = sum.add(
                        FloatVector.fromArray(S, at, p * 16 + s).mul(FloatVector.fromArray(S, bt, bo + p * 16 + s)));
            }
            sum.intoArray(t, s);
        }
    }

    /**
     * t[r * 4 + q] = dot(A row r, B row q) over [0, kEnd) (k is the rows' stride), rows past mr / nr repeating the
     * last one; lanes is scratch.
     */
    private static void block(int k, int kMain, int kEnd, float[] a, int ai, int mr, float[] b, int bj, int nr,
                              float[] t, float[] lanes) {
        int a0o = ai;
        int a1o = ai + Math.min(1, mr - 1) * k;
        int a2o = ai + Math.min(2, mr - 1) * k;
        int a3o = ai + Math.min(3, mr - 1) * k;
        int b0o = bj;
        int b1o = bj + Math.min(1, nr - 1) * k;
        int b2o = bj + Math.min(2, nr - 1) * k;
        int b3o = bj + Math.min(3, nr - 1) * k;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00, s20 = s00;
        FloatVector s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int p = 0; p < kMain; p += L) {
            FloatVector a0 = FloatVector.fromArray(S, a, a0o + p);
            FloatVector a1 = FloatVector.fromArray(S, a, a1o + p);
            FloatVector a2 = FloatVector.fromArray(S, a, a2o + p);
            FloatVector a3 = FloatVector.fromArray(S, a, a3o + p);
            FloatVector b0 = FloatVector.fromArray(S, b, b0o + p);
            FloatVector b1 = FloatVector.fromArray(S, b, b1o + p);
            FloatVector b2 = FloatVector.fromArray(S, b, b2o + p);
            FloatVector b3 = FloatVector.fromArray(S, b, b3o + p);
            s00 = a0.fma(b0, s00);
            s01 = a0.fma(b1, s01);
            s02 = a0.fma(b2, s02);
            s03 = a0.fma(b3, s03);
            s10 = a1.fma(b0, s10);
            s11 = a1.fma(b1, s11);
            s12 = a1.fma(b2, s12);
            s13 = a1.fma(b3, s13);
            s20 = a2.fma(b0, s20);
            s21 = a2.fma(b1, s21);
            s22 = a2.fma(b2, s22);
            s23 = a2.fma(b3, s23);
            s30 = a3.fma(b0, s30);
            s31 = a3.fma(b1, s31);
            s32 = a3.fma(b2, s32);
            s33 = a3.fma(b3, s33);
        }
        // Stored, then summed in VectorLanes' order by a loop that C2 can inline the sum into (see VectorLanes.sums).
        s00.intoArray(lanes, 0 * L);
        s01.intoArray(lanes, 1 * L);
        s02.intoArray(lanes, 2 * L);
        s03.intoArray(lanes, 3 * L);
        s10.intoArray(lanes, 4 * L);
        s11.intoArray(lanes, 5 * L);
        s12.intoArray(lanes, 6 * L);
        s13.intoArray(lanes, 7 * L);
        s20.intoArray(lanes, 8 * L);
        s21.intoArray(lanes, 9 * L);
        s22.intoArray(lanes, 10 * L);
        s23.intoArray(lanes, 11 * L);
        s30.intoArray(lanes, 12 * L);
        s31.intoArray(lanes, 13 * L);
        s32.intoArray(lanes, 14 * L);
        s33.intoArray(lanes, 15 * L);
        VectorLanes.sums(lanes, 16, t, 0);
        // The k tail in scalar code where it cannot run as vectors (see addTail): a masked step here would double
        // the method, and C2 then risks leaving vector operations un-inlined (boxed), or C1 gives up on it.
        for (int p = kMain; p < kEnd; p++) {
            float a0 = a[a0o + p], a1 = a[a1o + p], a2 = a[a2o + p], a3 = a[a3o + p];
            float b0 = b[b0o + p], b1 = b[b1o + p], b2 = b[b2o + p], b3 = b[b3o + p];
            t[0] += a0 * b0;
            t[1] += a0 * b1;
            t[2] += a0 * b2;
            t[3] += a0 * b3;
            t[4] += a1 * b0;
            t[5] += a1 * b1;
            t[6] += a1 * b2;
            t[7] += a1 * b3;
            t[8] += a2 * b0;
            t[9] += a2 * b1;
            t[10] += a2 * b2;
            t[11] += a2 * b3;
            t[12] += a3 * b0;
            t[13] += a3 * b1;
            t[14] += a3 * b2;
            t[15] += a3 * b3;
        }
    }
}
