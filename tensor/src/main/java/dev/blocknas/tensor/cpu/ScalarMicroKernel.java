package dev.blocknas.tensor.cpu;

/** Plain-Java micro-kernel, used when the Vector API module is not loaded. */
final class ScalarMicroKernel implements MicroKernel {
    private static final int MR = 4;
    private static final int NR = 16;

    @Override
    public int mr() { return MR; }
    @Override
    public int nr() { return NR; }
    @Override
    public boolean vectorized() { return false; }

    @Override
    public void run(int kc, float[] ap, int aOff, float[] bp, int bOff, int ldb, float[] c, int cOff, int ldc,
                    boolean add) {
        float[] acc = new float[NR];
        for (int r = 0; r < MR; r++) {
            int cr = cOff + r * ldc;
            java.util.Arrays.fill(acc, 0f);
            for (int p = 0; p < kc; p++) {
                float a = ap[aOff + p * MR + r];
                int b = bOff + p * ldb;
                for (int q = 0; q < NR; q++) acc[q] += a * bp[b + q];
            }
            if (add) {
                for (int q = 0; q < NR; q++) c[cr + q] += acc[q];
            } else {
                System.arraycopy(acc, 0, c, cr, NR);
            }
        }
    }
}
