package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API {@link RowKernels}. C2 leaves the branchy activations (ReLU6 and its gradient), the ones built on
 * {@code Math.exp} (see {@link VectorUnary}) and every double-accumulated sum scalar; here they run a vector
 * at a time, the tail under a mask. Sums add float lanes over chunks of {@link #CHUNK} elements, then the
 * chunks in double.
 */
final class VectorRowKernels implements RowKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Elements per float partial sum: each lane adds at most CHUNK / L values before going to double. */
    private static final int CHUNK = 1024;
    private static final ScalarRowKernels SCALAR = new ScalarRowKernels();

    @Override
    public void unary(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, int n) {
        if (!VectorUnary.forward(op, a, x, xo, y, yo, n)) SCALAR.unary(op, a, x, xo, y, yo, n);
    }

    @Override
    public void unaryBackward(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, float[] g, int go,
                              float[] gx, int gxo, int n) {
        if (!VectorUnary.backward(op, a, x, xo, y, yo, g, go, gx, gxo, n)) {
            SCALAR.unaryBackward(op, a, x, xo, y, yo, g, go, gx, gxo, n);
        }
    }

    @Override
    public double sum(float[] x, int off, int n) {
        double total = 0;
        for (int c = 0; c < n; c += CHUNK) {
            int end = Math.min(n, c + CHUNK);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            int i = c;
            for (; i + 2 * L <= end; i += 2 * L) {
                s0 = s0.add(FloatVector.fromArray(S, x, off + i));
                s1 = s1.add(FloatVector.fromArray(S, x, off + i + L));
            }
            for (; i < end; i += L) s0 = s0.add(FloatVector.fromArray(S, x, off + i, S.indexInRange(i, end)));
            total += VectorLanes.sum(s0.add(s1));
        }
        return total;
    }

    @Override
    public float max(float[] x, int off, int n) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + L <= n; i += L) m = m.max(FloatVector.fromArray(S, x, off + i));
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) r = Math.max(r, x[off + i]);
        return r;
    }

    @Override
    public double sumSquaredDeviations(float[] x, int off, int n, float mean) {
        double total = 0;
        for (int c = 0; c < n; c += CHUNK) {
            int end = Math.min(n, c + CHUNK);
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            int i = c;
            for (; i + 2 * L <= end; i += 2 * L) {
                FloatVector d0 = FloatVector.fromArray(S, x, off + i).sub(mean);
                FloatVector d1 = FloatVector.fromArray(S, x, off + i + L).sub(mean);
                s0 = d0.fma(d0, s0);
                s1 = d1.fma(d1, s1);
            }
            for (; i < end; i += L) {
                VectorMask<Float> m = S.indexInRange(i, end);
                FloatVector d = FloatVector.fromArray(S, x, off + i, m).sub(mean);
                s0 = s0.add(d.mul(d), m);
            }
            total += VectorLanes.sum(s0.add(s1));
        }
        return total;
    }

    @Override
    public void scaleShift(float[] x, int xo, float[] y, int yo, int n, float scale, float shift) {
        // Whole vectors unmasked, then one masked step: the same values, without a mask per step.
        int i = 0;
        for (; i + L <= n; i += L) FloatVector.fromArray(S, x, xo + i).mul(scale).add(shift).intoArray(y, yo + i);
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xo + i, m).mul(scale).add(shift).intoArray(y, yo + i, m);
        }
    }

    @Override
    public void gradientSums(float[] g, int go, float[] x, int xo, int n, float mean, double[] acc) {
        for (int c = 0; c < n; c += CHUNK) {
            int end = Math.min(n, c + CHUNK);
            FloatVector sg = FloatVector.zero(S);
            FloatVector sgx = sg;
            // Whole vectors unmasked, then the masked tail exactly as before: the same additions in the same order.
            int i = c;
            for (; i + L <= end; i += L) {
                FloatVector gv = FloatVector.fromArray(S, g, go + i);
                sg = sg.add(gv);
                sgx = gv.fma(FloatVector.fromArray(S, x, xo + i).sub(mean), sgx);
            }
            if (i < end) {
                VectorMask<Float> m = S.indexInRange(i, end);
                FloatVector gv = FloatVector.fromArray(S, g, go + i, m);
                sg = sg.add(gv);
                sgx = gv.fma(FloatVector.fromArray(S, x, xo + i, m).sub(mean), sgx);
            }
            acc[0] += VectorLanes.sum(sg);
            acc[1] += VectorLanes.sum(sgx);
        }
    }

    @Override
    public void normGradient(float[] g, int go, float[] x, int xo, float[] gx, int gxo, int n, float mean, float a,
                             float b, float c) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector d = FloatVector.fromArray(S, x, xo + i).sub(mean);
            FloatVector.fromArray(S, g, go + i).mul(a).add(d.mul(b)).add(c).intoArray(gx, gxo + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(S, x, xo + i, m).sub(mean);
            FloatVector.fromArray(S, g, go + i, m).mul(a).add(d.mul(b)).add(c).intoArray(gx, gxo + i, m);
        }
    }
}
