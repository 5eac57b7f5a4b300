package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernel: a 4 x (2 vectors) tile of C held in eight registers, one fused multiply-add per
 * element of A and vector of B. Loaded reflectively so the engine still runs without the incubator module.
 */
final class VectorMicroKernel implements MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 4;
    private static final int NR = 2 * L;

    @Override public int mr() { return MR; }
    @Override public int nr() { return NR; }
    @Override public boolean vectorized() { return true; }

    @Override
    public void run(int kc, float[] ap, float[] bp, int bOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int b = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + L);
            int a = p * MR;
            FloatVector av = FloatVector.broadcast(S, ap[a]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, ap[a + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, ap[a + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, ap[a + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        addInto(c00, c01, c, cOff);
        addInto(c10, c11, c, cOff + ldc);
        addInto(c20, c21, c, cOff + 2 * ldc);
        addInto(c30, c31, c, cOff + 3 * ldc);
    }

    private static void addInto(FloatVector lo, FloatVector hi, float[] c, int at) {
        lo.add(FloatVector.fromArray(S, c, at)).intoArray(c, at);
        hi.add(FloatVector.fromArray(S, c, at + L)).intoArray(c, at + L);
    }
}
