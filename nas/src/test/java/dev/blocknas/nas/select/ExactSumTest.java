package dev.blocknas.nas.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExactSumTest {
    @Test
    void sumsDoNotDependOnOrder() {
        assertEquals(0, ExactSum.of(0.1, 0.2, 0.3).compareTo(ExactSum.of(0.3, 0.2, 0.1)));
        assertEquals(0.6, ExactSum.of(0.1, 0.2, 0.3).value());
        assertTrue(ExactSum.of(1, 1e-30).compareTo(ExactSum.of(1)) > 0);
    }

    @Test
    void agreesWithBigDecimalAcrossMagnitudes() {
        var rnd = new SplittableRandom(1);
        for (int trial = 0; trial < 20_000; trial++) {
            var a = new ExactSum();
            var b = new ExactSum();
            BigDecimal ea = BigDecimal.ZERO;
            BigDecimal eb = BigDecimal.ZERO;
            for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
                double x = value(rnd);
                a.add(x);
                ea = ea.add(new BigDecimal(x));
                double y = rnd.nextInt(3) == 0 ? x : value(rnd);
                b.add(y);
                eb = eb.add(new BigDecimal(y));
            }
            assertEquals(Integer.signum(ea.compareTo(eb)), Integer.signum(a.compareTo(b)), a + " vs " + b);
            assertEquals(ea.doubleValue(), a.value());
        }
    }

    private static double value(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(10) * 0.1;
            case 1 -> rnd.nextDouble(-1, 1);
            case 2 -> Math.scalb(rnd.nextDouble(), rnd.nextInt(-200, 200));
            default -> -rnd.nextInt(3) * 0.3;
        };
    }
}
