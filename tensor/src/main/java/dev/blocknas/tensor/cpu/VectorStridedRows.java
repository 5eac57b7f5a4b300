package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link StridedRows}: strides 1 and 2 a vector at a time. Rows shorter than a vector, where the
 * masked tail is all there is, and other strides run as plain loops.
 */
final class VectorStridedRows implements StridedRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ScalarStridedRows SCALAR = new ScalarStridedRows();

    @Override
    public void gather(float[] src, int s, int stride, float[] dst, int d, int n) {
        if (n < L || stride > 2) SCALAR.gather(src, s, stride, dst, d, n);
        else if (stride == 1) VectorCopies.copy(src, s, dst, d, n);
        else VectorCopies.gatherEven(src, s, dst, d, n);
    }

    @Override
    public void scatterAdd(float[] src, int s, float[] dst, int d, int stride, int n) {
        if (n < L || stride > 2) {
            SCALAR.scatterAdd(src, s, dst, d, stride, n);
        } else if (stride == 2) {
            VectorCopies.addEven(src, s, dst, d, n);
        } else {
            for (int i = 0; i < n; i += L) {
                VectorMask<Float> m = S.indexInRange(i, n);
                FloatVector sum = FloatVector.fromArray(S, dst, d + i, m).add(FloatVector.fromArray(S, src, s + i, m));
                sum.intoArray(dst, d + i, m);
            }
        }
    }
}
