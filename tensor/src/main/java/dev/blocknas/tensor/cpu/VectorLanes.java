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
    private static final VectorShuffle<Float>[] HALVES = halves();

    private VectorLanes() {}

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int n = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] out = new VectorShuffle[n];
        int k = 0;
        for (int width = S.length() / 2; width >= 1; width /= 2) {
            int w = width;
            out[k++] = VectorShuffle.fromOp(S, i -> (i + w) % S.length());
        }
        return out;
    }

    static float sum(FloatVector v) {
        if (v.species() != S || Integer.bitCount(S.length()) != 1) return stored(v);
        FloatVector x = v;
        for (VectorShuffle<Float> h : HALVES) x = x.add(x.rearrange(h));
        return x.lane(0);
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
