package dev.blocknas.tensor.cpu;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Both strided-row implementations against plain loops, for strides 1 to 3 and lengths around the vector width. */
class StridedRowsTest {

    @Test
    void scalarRows() {
        check(new ScalarStridedRows());
    }

    @Test
    void vectorRows() {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        check(new VectorStridedRows());
    }

    private static void check(StridedRows rows) {
        for (int stride = 1; stride <= 3; stride++) {
            for (int n = 0; n <= 40; n++) {
                // Sources end right after the last element read, so over-reads would throw.
                float[] src = ramp(2 + Math.max(0, (n - 1) * stride + 1));
                float[] want = filled(n + 3);
                float[] got = filled(n + 3);
                for (int i = 0; i < n; i++) want[1 + i] = src[2 + i * stride];
                rows.gather(src, 2, stride, got, 1, n);
                assertArrayEquals(want, got, "gather stride " + stride + " n " + n);

                float[] vals = ramp(n + 1);
                float[] dst = ramp(3 + Math.max(0, (n - 1) * stride + 1));
                float[] expected = dst.clone();
                for (int i = 0; i < n; i++) expected[3 + i * stride] += vals[1 + i];
                rows.scatterAdd(vals, 1, dst, 3, stride, n);
                assertArrayEquals(expected, dst, "scatterAdd stride " + stride + " n " + n);
            }
        }
    }

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = 0.5f * i - 3;
        return a;
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, -7f);
        return a;
    }
}
