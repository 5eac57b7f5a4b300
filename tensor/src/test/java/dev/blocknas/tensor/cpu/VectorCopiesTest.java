package dev.blocknas.tensor.cpu;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** The vector row copies element by element against plain loops, for every length around the vector width. */
class VectorCopiesTest {

    @BeforeAll
    static void needsVectors() {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
    }

    @Test
    void copiesAndStridedCopiesMatchPlainLoops() {
        for (int n = 0; n <= 70; n++) {
            for (int off = 0; off < 3; off++) {
                float[] src = ramp(2 * n + 5);
                float[] want = filled(n + 9);
                float[] got = filled(n + 9);
                for (int i = 0; i < n; i++) want[off + 2 + i] = src[off + i];
                VectorCopies.copy(src, off, got, off + 2, n);
                assertArrayEquals(want, got, "copy " + n);

                // gatherEven on a source that ends right after the last element read
                float[] tight = java.util.Arrays.copyOf(src, off + Math.max(0, 2 * n - 1));
                want = filled(n + 4);
                got = filled(n + 4);
                for (int i = 0; i < n; i++) want[1 + i] = tight[off + 2 * i];
                VectorCopies.gatherEven(tight, off, got, 1, n);
                assertArrayEquals(want, got, "gatherEven " + n);

                float[] even = filled(n + 3);
                float[] odd = filled(n + 4);
                float[] wantEven = filled(n + 3);
                float[] wantOdd = filled(n + 4);
                for (int i = 0; i < n; i++) {
                    wantEven[1 + i] = src[off + 2 * i];
                    wantOdd[2 + i] = src[off + 2 * i + 1];
                }
                VectorCopies.deinterleave(src, off, even, 1, odd, 2, n);
                assertArrayEquals(wantEven, even, "deinterleave even " + n);
                assertArrayEquals(wantOdd, odd, "deinterleave odd " + n);

                want = filled(2 * n + 5);
                got = filled(2 * n + 5);
                for (int i = 0; i < n; i++) {
                    want[off + 2 * i] = wantEven[1 + i];
                    want[off + 2 * i + 1] = wantOdd[2 + i];
                }
                VectorCopies.interleave(even, 1, odd, 2, got, off, n);
                assertArrayEquals(want, got, "interleave " + n);
            }
        }
    }

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = i + 1;
        return a;
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, -7f);
        return a;
    }
}
