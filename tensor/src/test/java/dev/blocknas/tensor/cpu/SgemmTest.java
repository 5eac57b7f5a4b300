package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.testing.Tolerance;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

/**
 * The blocked, packed, threaded GEMM against a triple loop in double, on odd sizes and every transpose. The
 * shapes hit each edge of the register tiles (rows past MR = 8 or 4, columns past NR = 32 or 16), several
 * k blocks, B read in place or packed, the dot-product path for A * B^T (its 4 x 4 edges and k tail) and
 * each beta mode.
 */
class SgemmTest {

    @ParameterizedTest(name = "{0}x{1}x{2} ta={3} tb={4} beta={5}")
    @CsvSource({"1,1,1,false,false,-0.5", "3,5,7,false,false,-0.5", "17,33,9,true,false,-0.5",
            "31,15,300,false,true,-0.5", "65,129,257,true,true,-0.5", "4,64,16,false,false,-0.5",
            "130,70,520,false,false,-0.5", "7,1030,3,true,false,-0.5",
            "8,32,16,false,false,0", "9,33,17,false,false,1", "16,64,64,false,false,0", "15,31,385,false,false,1",
            "17,65,769,true,false,0", "23,47,100,true,false,-0.5", "64,1,300,false,false,0", "1,300,64,false,false,1",
            "40,240,784,false,true,0", "33,10,64,false,true,1", "13,47,130,false,true,0", "70,100,64,false,true,-0.5",
            "70,100,64,true,true,0", "6,3,1000,false,true,1", "129,67,33,false,true,0", "5,200,9,false,false,0",
            "300,100,50,false,false,1", "33,512,40,false,false,0", "45,1000,20,true,false,-0.5"})
    void matchesTheTripleLoop(int m, int n, int k, boolean ta, boolean tb, float beta) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = random(r, m * k + 3);
        float[] b = random(r, k * n + 5);
        float[] c = random(r, m * n + 2 + 4);
        if (beta == 0f) c[2 + (m * n) / 2] = Float.NaN; // beta = 0 must ignore C entirely
        float[] expected = c.clone();
        float alpha = 0.75f;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[3 + p * m + i] : a[3 + i * k + p];
                    double bv = tb ? b[5 + j * k + p] : b[5 + p * n + j];
                    s += av * bv;
                }
                double old = beta == 0f ? 0 : beta * c[2 + i * n + j];
                expected[2 + i * n + j] = (float) (alpha * s + old);
            }
        }
        Sgemm.gemm(ta, tb, m, n, k, alpha, a, 3, b, 5, beta, c, 2);
        Tolerance.assertClose(expected, c, 1e-6, "gemm");
    }

    /**
     * A filter packed once ({@link Sgemm#pack}) gives the same bits as each tile packing its own: rows past
     * MR, one and several k blocks (k > KC = 384), both layouts of A, offsets into A and the panels, tiles in
     * parallel or not, B read in place or packed, beta 0 and 1.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} ta={3} beta={4}")
    @CsvSource({"144,392,24,false,0", "24,392,144,true,0", "13,47,9,false,0", "7,1030,3,true,1", "45,300,400,false,1",
            "300,100,800,true,0", "33,512,40,false,1", "130,70,520,false,0", "600,40,16,true,0", "3,5,7,false,1"})
    void sharedPackedFilterEqualsPerTilePacking(int m, int n, int k, boolean ta, float beta) {
        SplittableRandom r = new SplittableRandom(m * 17L + n * 3L + k);
        float[] a = random(r, m * k + 3);
        float[] b = random(r, k * n + 5);
        float[] c = random(r, m * n + 2);
        float[] expected = c.clone();
        Sgemm.gemm(ta, false, m, n, k, 1f, a, 3, b, 5, beta, expected, 2);
        float[] panels = random(r, 11 + Sgemm.packedSize(m, k)); // stale values must be overwritten
        Sgemm.SharedA shared = Sgemm.pack(ta, m, k, a, 3, panels, 11);
        Sgemm.gemm(shared, n, b, 5, beta, c, 2);
        Assertions.assertArrayEquals(expected, c);
        Sgemm.gemm(new Sgemm.SharedA(ta, m, k, a, 3, null, 0), n, b, 5, beta, c, 2);
        if (beta == 0f) Assertions.assertArrayEquals(expected, c);
    }

    static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }
}
