package dev.blocknas.kernels.emu;

import java.util.Locale;

/**
 * Element-by-element comparisons of an emulated kernel's output with the CPU reference. A relative L2 error
 * would let one wrong element among thousands pass; here every element must be within
 * {@code tol * (|expected| + rms(expected))} (the rms term keeps sums that cancel to near zero from failing
 * on rounding), and NaN must appear exactly where the reference has NaN.
 */
final class Compare {
    private Compare() {}

    static void close(float[] expected, float[] actual, double tol, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        double sq = 0;
        int finite = 0;
        for (float e : expected) {
            if (Float.isFinite(e)) {
                sq += (double) e * e;
                finite++;
            }
        }
        double rms = finite == 0 ? 0 : Math.sqrt(sq / finite);
        int bad = 0;
        int first = -1;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            boolean ok;
            if (Float.isNaN(e) || Float.isNaN(a)) {
                ok = Float.isNaN(e) && Float.isNaN(a);
            } else if (Float.isInfinite(e) || Float.isInfinite(a)) {
                ok = e == a;
            } else {
                double err = Math.abs((double) a - e) / (Math.abs(e) + rms + Double.MIN_NORMAL);
                worst = Math.max(worst, err);
                ok = err <= tol;
            }
            if (!ok) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (bad > 0) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: %d of %d elements off (tolerance %.1e); first at %d: expected %s, got %s; worst error %.2e",
                    what, bad, expected.length, tol, first, expected[first], actual[first], worst));
        }
    }

    static void identical(float[] expected, float[] actual, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " values, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                int bad = 0;
                for (int j = i; j < expected.length; j++) {
                    bad += Float.floatToRawIntBits(expected[j]) != Float.floatToRawIntBits(actual[j]) ? 1 : 0;
                }
                throw new AssertionError(String.format(Locale.ROOT,
                        "%s: %d of %d elements differ; first at %d: expected %s (%08x), got %s (%08x)",
                        what, bad, expected.length, i, expected[i], Float.floatToRawIntBits(expected[i]), actual[i],
                        Float.floatToRawIntBits(actual[i])));
            }
        }
    }
}
