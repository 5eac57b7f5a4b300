package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * Sums the lanes of a vector in a fixed order. {@code reduceLanes(ADD)} may add lanes in any order, and in
 * practice the interpreter and the JIT-compiled intrinsic use different orders, so the same input gives
 * results that differ in the last bit before and after compilation: that breaks bit-identical resume and
 * the CPU as a reference. A pairwise sum of the stored lanes is as accurate and always the same.
 */
final class VectorLanes {
    private VectorLanes() {}

    static float sum(FloatVector v) {
        float[] lanes = new float[v.length()];
        v.intoArray(lanes, 0);
        for (int width = lanes.length / 2; width >= 1; width /= 2) {
            for (int i = 0; i < width; i++) lanes[i] += lanes[i + width];
        }
        return lanes[0];
    }
}
