package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums the lanes of a vector in a fixed order. {@code reduceLanes(ADD)} may add lanes in any order, and in
 * practice the interpreter and the JIT-compiled intrinsic use different orders, so the same input gives
 * results that differ in the last bit before and after compilation: that breaks bit-identical resume and
 * the CPU as a reference. A pairwise sum (lane i plus lane i + L/2, then i + L/4, ...) is as accurate and
 * always the same. It is done with whole-vector rotations and adds, each exact or one IEEE addition per lane,
 * so lane 0 ends with exactly the sum a scalar loop over the stored lanes would give, without storing them
 * (the stored form allocated an array per call and took a third of a small network's training step).
 */
final class VectorLanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /*
     * Every method that takes or returns a vector is under 35 bytes of bytecode, so C2 inlines it at any call
     * site, hot or not (MaxInlineSize). A call that is not inlined passes its vector boxed, and the shuffles
     * must be constants whose exact class C2 can see: the earlier loop over an array of shuffles was neither,
     * fell back to the Java implementation of rearrange and add, and allocated arrays on every lane sum,
     * which made it the hottest method of a training step. The arithmetic, and so every result, is the same.
     */
    private static final VectorShuffle<Float> R8 = rotation(8);
    private static final VectorShuffle<Float> R4 = rotation(4);
    private static final VectorShuffle<Float> R2 = rotation(2);
    private static final VectorShuffle<Float> R1 = rotation(1);
    private static final boolean L16 = L == 16;
    private static final boolean FAST = L == 16 || L == 8;
    private static final VectorShuffle<Float>[] HALVES = halves();

    private VectorLanes() {}

    private static VectorShuffle<Float> rotation(int width) {
        return width < L ? VectorShuffle.fromOp(S, i -> (i + width) % L) : null;
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int n = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] out = new VectorShuffle[n];
        int k = 0;
        for (int width = L / 2; width >= 1; width /= 2) out[k++] = rotation(width);
        return out;
    }

    static float sum(FloatVector v) {
        if (FAST) return last(halve4(halve8(v)));
        return other(v);
    }

    /** Adds lane i + 8 to lane i when there are 16 lanes. */
    private static FloatVector halve8(FloatVector x) {
        return L16 ? x.add(x.rearrange(R8)) : x;
    }

    /** Adds lane i + 4 to lane i. */
    private static FloatVector halve4(FloatVector x) {
        return x.add(x.rearrange(R4));
    }

    /** The last two halvings; lane 0 of the result. */
    private static float last(FloatVector x) {
        FloatVector y = x.add(x.rearrange(R2));
        return y.add(y.rearrange(R1)).lane(0);
    }

    /** Lane counts other than 8 and 16 (and other species): the same halvings, not inlined. */
    private static float other(FloatVector v) {
        if (v.species() != S || Integer.bitCount(L) != 1) return stored(v);
        FloatVector x = v;
        for (VectorShuffle<Float> h : HALVES) x = x.add(x.rearrange(h));
        return x.lane(0);
    }

    /**
     * out[o + j] = {@link #sum} of the vector stored at lanes[j * L], for j in [0, count). Kernels with many
     * accumulators store them and sum here: their compiled code is too big for C2 to inline {@link #sum} at
     * every accumulator, and a call that is not inlined boxes the vector; this loop is small, so it is.
     */
    static void sums(float[] lanes, int count, float[] out, int o) {
        for (int j = 0; j < count; j++) out[o + j] = sum(FloatVector.fromArray(S, lanes, j * L));
    }

    /**
     * {@link #sum} of the vector stored at lanes[o], by the same additions in the same order done on the array
     * in place (it overwrites those lanes): no vector at all, so nothing to box wherever C2 leaves the call.
     * The one-accumulator tail of the depthwise filter gradient called {@link #sums} with a count of 1 there,
     * and C2 compiled that inlined copy to the Java fallback of the load: an array per call, nearly all the
     * memory a training step allocated.
     */
    static float storedSum(float[] lanes, int o) {
        for (int width = L / 2; width >= 1; width /= 2) {
            for (int i = 0; i < width; i++) lanes[o + i] += lanes[o + i + width];
        }
        return lanes[o];
    }

    /** The reference order on the stored lanes (also any species other than the preferred one). */
    static float stored(FloatVector v) {
        float[] lanes = new float[v.length()];
        v.intoArray(lanes, 0);
        for (int width = lanes.length / 2; width >= 1; width /= 2) {
            for (int i = 0; i < width; i++) lanes[i] += lanes[i + width];
        }
        return lanes[0];
    }
}
