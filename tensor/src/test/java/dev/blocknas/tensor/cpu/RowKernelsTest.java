package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.UnaryOp;
import dev.blocknas.tensor.testing.Tolerance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector row loops against the plain ones, on lengths around the vector width and odd offsets. */
class RowKernelsTest {
    private static final int[] LENGTHS = {0, 1, 5, 15, 16, 17, 33, 100, 1023, 1024, 1025, 3001};
    private final RowKernels scalar = new ScalarRowKernels();
    private RowKernels vector;

    @BeforeAll
    static void needsVectors() {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
    }

    private RowKernels vector() {
        if (vector == null) vector = new VectorRowKernels();
        return vector;
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryAndItsGradient(UnaryOp op) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW;
        float alpha = op == UnaryOp.POW ? 1.5f : -0.75f;
        for (int n : LENGTHS) {
            SplittableRandom r = new SplittableRandom(n * 7L + op.ordinal());
            float[] x = random(r, n + 3, positive ? 0.1 : -8, 8);
            float[] g = random(r, n + 1, -1, 1);
            float[] want = new float[n + 2];
            float[] got = new float[n + 2];
            scalar.unary(op, alpha, x, 3, want, 2, n);
            vector().unary(op, alpha, x, 3, got, 2, n);
            Tolerance.assertClose(want, got, 1e-6, op + " n=" + n);
            float[] y = new float[n + 4];
            System.arraycopy(want, 2, y, 4, n);
            float[] wantG = new float[n + 1];
            float[] gotG = new float[n + 1];
            scalar.unaryBackward(op, alpha, x, 3, y, 4, g, 1, wantG, 1, n);
            vector().unaryBackward(op, alpha, x, 3, y, 4, g, 1, gotG, 1, n);
            Tolerance.assertClose(wantG, gotG, 1e-6, op + " gradient n=" + n);
        }
    }

    @Test
    void sumsAndBatchNormLoops() {
        for (int n : LENGTHS) {
            SplittableRandom r = new SplittableRandom(n);
            float[] x = random(r, n + 2, -3, 5);
            float[] g = random(r, n + 1, -1, 1);
            assertEquals(scalar.sum(x, 2, n), vector().sum(x, 2, n), 1e-5 * (1 + n), "sum " + n);
            assertEquals(scalar.max(x, 2, n), vector().max(x, 2, n), 0f, "max " + n);
            assertEquals(scalar.sumSquaredDeviations(x, 2, n, 0.7f), vector().sumSquaredDeviations(x, 2, n, 0.7f),
                    1e-5 * (1 + n), "squared deviations " + n);
            double[] want = {1, 2};
            double[] got = {1, 2};
            scalar.gradientSums(g, 1, x, 2, n, 0.3f, want);
            vector().gradientSums(g, 1, x, 2, n, 0.3f, got);
            assertEquals(want[0], got[0], 1e-5 * (1 + n), "sum g " + n);
            assertEquals(want[1], got[1], 1e-5 * (1 + n), "sum g x " + n);
            float[] a = new float[n + 3];
            float[] b = new float[n + 3];
            scalar.scaleShift(x, 2, a, 3, n, 1.5f, -0.25f);
            vector().scaleShift(x, 2, b, 3, n, 1.5f, -0.25f);
            Tolerance.assertClose(a, b, 1e-7, "scale shift " + n);
            scalar.normGradient(g, 1, x, 2, a, 3, n, 0.3f, 1.5f, -0.5f, 0.125f);
            vector().normGradient(g, 1, x, 2, b, 3, n, 0.3f, 1.5f, -0.5f, 0.125f);
            Tolerance.assertClose(a, b, 1e-6, "norm gradient " + n);
        }
    }

    private static float[] random(SplittableRandom r, int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextDouble(lo, hi);
        return a;
    }
}
