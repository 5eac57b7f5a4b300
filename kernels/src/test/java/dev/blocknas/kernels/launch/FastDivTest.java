package dev.blocknas.kernels.launch;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The GPU's division by a launch constant, checked against Java's division over the range the kernels use. */
class FastDivTest {
    private static void check(int d, int n) {
        assertEquals(n / d, FastDiv.of(d).divide(n), () -> n + " / " + d);
    }

    @Test
    void exactForSmallDivisorsAndEveryDividendUpTo2To16() {
        for (int d = 1; d <= 300; d++) {
            FastDiv f = FastDiv.of(d);
            for (int n = 0; n < 1 << 16; n++) assertEquals(n / d, f.divide(n), n + " / " + d);
        }
    }

    @Test
    void exactNearTheTopOfTheRangeAndForLargeDivisors() {
        SplittableRandom r = new SplittableRandom(7);
        int[] edges = {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, 1 << 30, (1 << 30) - 1, (1 << 30) + 1};
        for (int i = 0; i < 20000; i++) {
            int d = i % 3 == 0
                    ? 1 + r.nextInt(1 << 20)
                    : (i % 3 == 1 ? 1 << r.nextInt(31) : 1 + r.nextInt(Integer.MAX_VALUE));
            FastDiv f = FastDiv.of(d);
            for (int e : edges) assertEquals(e / d, f.divide(e), e + " / " + d);
            for (int k = 0; k < 20; k++) {
                int n = r.nextInt(Integer.MAX_VALUE);
                assertEquals(n / d, f.divide(n), n + " / " + d);
                long m = (long) (n / d) * d; // multiples and their neighbours are where rounding bites
                if (m > 0) {
                    check(d, (int) m);
                    check(d, (int) m - 1);
                }
            }
        }
    }

    @Test
    void rejectsZero() {
        assertThrows(IllegalArgumentException.class, () -> FastDiv.of(0));
    }
}
