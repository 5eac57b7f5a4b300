package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

/** The blocked, packed, threaded GEMM against a triple loop in double, on odd sizes and every transpose. */
class SgemmTest {

    @ParameterizedTest(name = "{0}x{1}x{2} ta={3} tb={4}")
    @CsvSource({"1,1,1,false,false", "3,5,7,false,false", "17,33,9,true,false", "31,15,300,false,true",
            "65,129,257,true,true", "4,64,16,false,false", "130,70,520,false,false", "7,1030,3,true,false"})
    void matchesTheTripleLoop(int m, int n, int k, boolean ta, boolean tb) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = random(r, m * k + 3);
        float[] b = random(r, k * n + 5);
        float[] c = random(r, m * n + 2);
        float[] expected = c.clone();
        float alpha = 0.75f;
        float beta = -0.5f;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[3 + p * m + i] : a[3 + i * k + p];
                    double bv = tb ? b[5 + j * k + p] : b[5 + p * n + j];
                    s += av * bv;
                }
                expected[2 + i * n + j] = (float) (alpha * s + beta * c[2 + i * n + j]);
            }
        }
        Sgemm.gemm(ta, tb, m, n, k, alpha, a, 3, b, 5, beta, c, 2);
        Tolerance.assertClose(expected, c, 1e-5, "gemm");
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }
}
