package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Short contiguous and stride-2 copies with the Vector API. Image rows are a few dozen floats, where
 * {@code System.arraycopy} call overhead and scalar strided loops cost more than the convolution around
 * them. Nothing outside the destination range is written: tails use masked stores.
 */
final class VectorCopies {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Two-vector index tables for {@code selectFrom}: index i >= L picks lane i - L of the second vector. */
    private static final FloatVector EVEN = indexes(i -> 2 * i);
    private static final FloatVector ODD = indexes(i -> 2 * i + 1);
    private static final FloatVector ZIP_LO = indexes(i -> (i & 1) == 0 ? i / 2 : L + i / 2);
    private static final FloatVector ZIP_HI = indexes(i -> (i & 1) == 0 ? L / 2 + i / 2 : L + L / 2 + i / 2);

    private VectorCopies() {}

    private static FloatVector indexes(java.util.function.IntUnaryOperator f) {
        float[] v = new float[L];
        for (int i = 0; i < L; i++) v[i] = f.applyAsInt(i);
        return FloatVector.fromArray(S, v, 0);
    }

    /** dst[d + i] = src[s + i] for i in [0, n). */
    static void copy(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, src, s + i).intoArray(dst, d + i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, src, s + i, m).intoArray(dst, d + i, m);
        }
    }

    /**
     * dst[d + i] = src[s + i] for i in [0, n), and zeros up to the next whole vector when that stays below
     * {@code limit}: one masked load and full stores, for a padded row whose run-over lands in padding or in
     * rows written later.
     */
    static void copyZeroTail(float[] src, int s, float[] dst, int d, int n, int limit) {
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, src, s + i).intoArray(dst, d + i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, src, s + i, m);
            if (d + i + L <= limit) v.intoArray(dst, d + i);
            else v.intoArray(dst, d + i, m);
        }
    }

    /**
     * dst[d + i] = src[s + i] for i in [0, n); when {@code d + n} rounded up to a whole vector stays below
     * {@code limit} (and src holds that much), the last vector is stored whole: the elements past n get
     * whatever src holds there, for rows of a plane written top to bottom.
     */
    static void copyRunOver(float[] src, int s, float[] dst, int d, int n, int limit) {
        int whole = (n + L - 1) / L * L;
        copy(src, s, dst, d, d + whole <= limit && s + whole <= src.length ? whole : n);
    }

    /** even[e + i] = src[s + 2i] and odd[o + i] = src[s + 2i + 1] for i in [0, n). */
    static void deinterleave(float[] src, int s, float[] even, int e, float[] odd, int o, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector a = FloatVector.fromArray(S, src, s + 2 * i);
            FloatVector b = FloatVector.fromArray(S, src, s + 2 * i + L);
            EVEN.selectFrom(a, b).intoArray(even, e + i);
            ODD.selectFrom(a, b).intoArray(odd, o + i);
        }
        if (i < n) {
            FloatVector a = FloatVector.fromArray(S, src, s + 2 * i, S.indexInRange(2 * i, 2 * n));
            FloatVector b = FloatVector.fromArray(S, src, s + 2 * i + L, S.indexInRange(2 * i + L, 2 * n));
            VectorMask<Float> m = S.indexInRange(i, n);
            EVEN.selectFrom(a, b).intoArray(even, e + i, m);
            ODD.selectFrom(a, b).intoArray(odd, o + i, m);
        }
    }

    /** dst[d + 2i] = even[e + i] and dst[d + 2i + 1] = odd[o + i] for i in [0, n). */
    static void interleave(float[] even, int e, float[] odd, int o, float[] dst, int d, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector a = FloatVector.fromArray(S, even, e + i);
            FloatVector b = FloatVector.fromArray(S, odd, o + i);
            ZIP_LO.selectFrom(a, b).intoArray(dst, d + 2 * i);
            ZIP_HI.selectFrom(a, b).intoArray(dst, d + 2 * i + L);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector a = FloatVector.fromArray(S, even, e + i, m);
            FloatVector b = FloatVector.fromArray(S, odd, o + i, m);
            ZIP_LO.selectFrom(a, b).intoArray(dst, d + 2 * i, S.indexInRange(2 * i, 2 * n));
            ZIP_HI.selectFrom(a, b).intoArray(dst, d + 2 * i + L, S.indexInRange(2 * i + L, 2 * n));
        }
    }

    /** dst[d + i] = src[s + 2i] for i in [0, n). */
    static void gatherEven(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector a = FloatVector.fromArray(S, src, s + 2 * i);
            // The last pair's odd element may lie past the end of src: load only what is read.
            FloatVector b = FloatVector.fromArray(S, src, s + 2 * i + L, S.indexInRange(2 * i + L, 2 * n - 1));
            EVEN.selectFrom(a, b).intoArray(dst, d + i);
        }
        if (i < n) {
            FloatVector a = FloatVector.fromArray(S, src, s + 2 * i, S.indexInRange(2 * i, 2 * n - 1));
            FloatVector b = FloatVector.fromArray(S, src, s + 2 * i + L, S.indexInRange(2 * i + L, 2 * n - 1));
            EVEN.selectFrom(a, b).intoArray(dst, d + i, S.indexInRange(i, n));
        }
    }

    /** dst[d + 2i] += src[s + i] for i in [0, n); the odd elements between are rewritten unchanged. */
    static void addEven(float[] src, int s, float[] dst, int d, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, src, s + i, S.indexInRange(i, n));
            VectorMask<Float> lo = S.indexInRange(2 * i, 2 * n - 1);
            VectorMask<Float> hi = S.indexInRange(2 * i + L, 2 * n - 1);
            int at = d + 2 * i;
            FloatVector.fromArray(S, dst, at, lo).add(ZIP_LO.selectFrom(v, zero)).intoArray(dst, at, lo);
            FloatVector.fromArray(S, dst, at + L, hi).add(ZIP_HI.selectFrom(v, zero)).intoArray(dst, at + L, hi);
        }
    }
}
