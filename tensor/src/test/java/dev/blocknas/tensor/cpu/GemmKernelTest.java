package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.testing.Tolerance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

/**
 * Every GEMM kernel on its own, whatever this machine would pick: the scalar fallback, both Vector API
 * micro-kernels and the dot-product kernel, in add and store mode, against sums in double.
 */
class GemmKernelTest {

    @ParameterizedTest(name = "scalar kc={0}")
    @ValueSource(ints = {1, 7, 64, 300})
    void scalarMicroKernel(int kc) {
        check(new ScalarMicroKernel(), kc);
    }

    @ParameterizedTest(name = "vector 4 rows kc={0}")
    @ValueSource(ints = {1, 7, 64, 300})
    void vectorMicroKernel(int kc) {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        check(new VectorMicroKernel(), kc);
    }

    @ParameterizedTest(name = "vector 8 rows kc={0}")
    @ValueSource(ints = {1, 7, 64, 300})
    void vectorMicroKernel8(int kc) {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        check(new VectorMicroKernel8(), kc);
    }

    @ParameterizedTest(name = "dot k={0}")
    @ValueSource(ints = {1, 15, 16, 17, 100, 801})
    void vectorDotKernel(int k) {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        SplittableRandom r = new SplittableRandom(k);
        int m = 11;
        int n = 7;
        float[] a = SgemmTest.random(r, 2 + m * k);
        float[] b = SgemmTest.random(r, 1 + n * k);
        for (boolean add : new boolean[] {false, true}) {
            float[] c = SgemmTest.random(r, 3 + m * n);
            float[] expected = c.clone();
            for (int i = 1; i < 10; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += (double) a[2 + i * k + p] * b[1 + j * k + p];
                    expected[3 + i * n + j] = (float) (0.5 * s + (add ? c[3 + i * n + j] : 0));
                }
            }
            new VectorDotKernel().rows(1, 10, n, k, 0.5f, a, 2, b, 1, c, 3, add);
            Tolerance.assertClose(expected, c, 1e-6, "dot kernel add=" + add);
        }
    }

    /**
     * The dot kernel's exact order, whatever runs the k tail: per lane a fused multiply-add chain over the whole
     * vectors of k, the lanes summed as {@link VectorLanes} sums them, then each tail product rounded and added in
     * column order. Edge rows and columns (m 11, n 7) and tails of every length up to L - 1.
     */
    @ParameterizedTest(name = "dot bits k={0}")
    @ValueSource(ints = {1, 15, 16, 17, 23, 31, 392, 801})
    void vectorDotKernelKeepsItsOrder(int k) {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        SplittableRandom r = new SplittableRandom(31L * k);
        int m = 11;
        int n = 7;
        float[] a = SgemmTest.random(r, 2 + m * k);
        float[] b = SgemmTest.random(r, 1 + n * k);
        int kMain = k - k % lanes;
        for (boolean add : new boolean[] {false, true}) {
            float[] c = SgemmTest.random(r, 3 + m * n);
            float[] expected = c.clone();
            for (int i = 1; i < 10; i++) {
                for (int j = 0; j < n; j++) {
                    float[] acc = new float[lanes];
                    for (int p = 0; p < kMain; p++) {
                        acc[p % lanes] = Math.fma(a[2 + i * k + p], b[1 + j * k + p], acc[p % lanes]);
                    }
                    float t = VectorLanes.storedSum(acc, 0);
                    for (int p = kMain; p < k; p++) t += a[2 + i * k + p] * b[1 + j * k + p];
                    expected[3 + i * n + j] = 0.5f * t + (add ? c[3 + i * n + j] : 0f);
                }
            }
            new VectorDotKernel().rows(1, 10, n, k, 0.5f, a, 2, b, 1, c, 3, add);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, c, "dot kernel bits, add=" + add);
        }
    }

    /** A full MR x NR tile from a packed A (at an offset), B packed or in place (wider rows), into a C with a wider ldc. */
    private static void check(MicroKernel kernel, int kc) {
        int mr = kernel.mr();
        int nr = kernel.nr();
        int ldc = nr + 5;
        SplittableRandom r = new SplittableRandom(kc * 13L + mr);
        float[] ap = SgemmTest.random(r, 3 + kc * mr);
        for (int ldb : new int[] {nr, nr + 7}) {
            check(kernel, kc, mr, nr, ldb, ldc, ap, SgemmTest.random(r, 4 + kc * ldb), r);
        }
    }

    private static void check(MicroKernel kernel, int kc, int mr, int nr, int ldb, int ldc, float[] ap, float[] bp,
                              SplittableRandom r) {
        for (boolean add : new boolean[] {false, true}) {
            float[] c = SgemmTest.random(r, 2 + mr * ldc);
            float[] expected = c.clone();
            for (int i = 0; i < mr; i++) {
                for (int j = 0; j < nr; j++) {
                    double s = 0;
                    for (int p = 0; p < kc; p++) s += (double) ap[3 + p * mr + i] * bp[4 + p * ldb + j];
                    expected[2 + i * ldc + j] = (float) (s + (add ? c[2 + i * ldc + j] : 0));
                }
            }
            kernel.run(kc, ap, 3, bp, 4, ldb, c, 2, ldc, add);
            Tolerance.assertClose(expected, c, 1e-6, kernel.getClass().getSimpleName() + " ldb=" + ldb + " add=" + add);
        }
    }
}
