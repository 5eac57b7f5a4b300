package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane sums of 8 or 16 stored accumulator vectors at once, each bit for bit {@link VectorLanes#sum}.
 *
 * <p>Kernels that end a short dot product with many accumulators (the dot-product GEMM's 4 x 4 blocks, the
 * depthwise filter gradient's taps) spent as long summing lanes as multiplying. Here the halvings of all the
 * vectors run together, as a transpose: two vectors whose lanes hold segments of partial sums become one
 * whose lanes hold half as long segments of both, each lane the same one IEEE addition (low half plus high
 * half) that the rotation of {@link VectorLanes} does, so every sum is unchanged. Eight or sixteen vectors
 * take fifteen vector additions in place of a hundred and twenty scalar ones.
 *
 * <p>The vectors are read back from an array, not passed in: a method that takes vectors and is not inlined
 * boxes them, and the kernels calling this are too big for C2 to inline more into.
 */
final class VectorLaneSums {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Whether the transposed sums apply; else the stored lanes are summed one vector at a time. */
    static final boolean FAST = L == 16 || L == 8;
    // Level t merges vectors of 2^t segments of 2h lanes (h = L / 2^(t+1)) into vectors of 2^(t+1) segments of h.
    private static final FloatVector LO0 = level(0, 0), HI0 = level(0, 1);
    private static final FloatVector LO1 = level(1, 0), HI1 = level(1, 1);
    private static final FloatVector LO2 = level(2, 0), HI2 = level(2, 1);
    private static final FloatVector LO3 = level(3, 0), HI3 = level(3, 1);

    private VectorLaneSums() {}

    /**
     * selectFrom indexes (i >= L: lane i - L of the second vector) of level t: output lane p is lane r (half
     * 0) or r + h (half 1) of segment q' of the first (q < 2^t) or the second vector, q = p / h, r = p % h.
     */
    private static FloatVector level(int t, int half) {
        int segs = 1 << t;
        int h = L / (2 * segs);
        if (!FAST || h < 1) return null;
        float[] idx = new float[L];
        for (int p = 0; p < L; p++) {
            int q = p / h;
            int r = p % h;
            int src = q < segs ? 0 : L;
            idx[p] = src + (q % segs) * 2 * h + r + half * h;
        }
        return FloatVector.fromArray(S, idx, 0);
    }

    /**
     * out[o + j] = the lane sum of the vector stored at lanes[j * L], for j in [0, count), count 8 or 16;
     * {@code lanes} is overwritten.
     */
    static void sums(float[] lanes, int count, float[] out, int o) {
        if (!FAST) {
            for (int j = 0; j < count; j++) out[o + j] = VectorLanes.sumStored(lanes, j * L);
            return;
        }
        for (int g = 0; g < count; g += Math.min(count, L)) {
            if (count >= 16 && L == 16) sixteen(lanes, g * L);
            else eight(lanes, g * L);
            System.arraycopy(lanes, g * L, out, o + g, Math.min(count - g, L));
        }
    }

    /** Sixteen vectors at lanes[at..] (L = 16): their sums to lanes[at..at + 16). */
    private static void sixteen(float[] a, int at) {
        FloatVector b0 = m0(v(a, at, 0), v(a, at, 1)), b1 = m0(v(a, at, 2), v(a, at, 3));
        FloatVector b2 = m0(v(a, at, 4), v(a, at, 5)), b3 = m0(v(a, at, 6), v(a, at, 7));
        FloatVector b4 = m0(v(a, at, 8), v(a, at, 9)), b5 = m0(v(a, at, 10), v(a, at, 11));
        FloatVector b6 = m0(v(a, at, 12), v(a, at, 13)), b7 = m0(v(a, at, 14), v(a, at, 15));
        FloatVector c0 = m1(b0, b1), c1 = m1(b2, b3), c2 = m1(b4, b5), c3 = m1(b6, b7);
        FloatVector d0 = m2(c0, c1), d1 = m2(c2, c3);
        m3(d0, d1).intoArray(a, at);
    }

    /**
     * Eight vectors at lanes[at..]: their sums to lanes[at..at + 8). With 16 lanes the last level merges the
     * vector with itself, leaving the eight sums twice.
     */
    private static void eight(float[] a, int at) {
        FloatVector b0 = m0(v(a, at, 0), v(a, at, 1)), b1 = m0(v(a, at, 2), v(a, at, 3));
        FloatVector b2 = m0(v(a, at, 4), v(a, at, 5)), b3 = m0(v(a, at, 6), v(a, at, 7));
        FloatVector c0 = m1(b0, b1), c1 = m1(b2, b3);
        FloatVector d = m2(c0, c1);
        if (L == 16) d = m3(d, d);
        d.intoArray(a, at);
    }

    private static FloatVector v(float[] a, int at, int j) {
        return FloatVector.fromArray(S, a, at + j * L);
    }

    private static FloatVector m0(FloatVector x, FloatVector y) {
        return LO0.selectFrom(x, y).add(HI0.selectFrom(x, y));
    }

    private static FloatVector m1(FloatVector x, FloatVector y) {
        return LO1.selectFrom(x, y).add(HI1.selectFrom(x, y));
    }

    private static FloatVector m2(FloatVector x, FloatVector y) {
        return LO2.selectFrom(x, y).add(HI2.selectFrom(x, y));
    }

    private static FloatVector m3(FloatVector x, FloatVector y) {
        return LO3.selectFrom(x, y).add(HI3.selectFrom(x, y));
    }
}
