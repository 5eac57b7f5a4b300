package dev.blocknas.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Comparisons of float arrays by relative error, ||a - b|| / ||b||, as GPU kernels are checked. */
public final class Tolerance {
    private Tolerance() {}

    /** ||a - ref|| / ||ref|| in double (0 when both are zero). */
    public static double relativeError(float[] a, float[] ref) {
        assertEquals(ref.length, a.length, "lengths differ");
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isNaN(a[i])) return Double.POSITIVE_INFINITY;
            double d = (double) a[i] - ref[i];
            num += d * d;
            den += (double) ref[i] * ref[i];
        }
        if (den == 0) return Math.sqrt(num);
        return Math.sqrt(num / den);
    }

    /** Asserts the relative error is at most {@code tol}. */
    public static void assertClose(float[] expected, float[] actual, double tol, String what) {
        double e = relativeError(actual, expected);
        assertTrue(e <= tol, what + ": relative error " + e + " > " + tol);
    }
}
