package dev.blocknas.layers.schedule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LrScheduleTest {
    private static final int SPE = 100; // steps per epoch

    @Test
    void cosineWithLinearWarmup() {
        LrSchedule s = new Cosine(0.1, 0.001, 10, new LrSchedule.Warmup(1, 0.0));
        assertEquals(0.0, s.lr(0, SPE), 1e-15);
        assertEquals(0.025, s.lr(25, SPE), 1e-15);
        assertEquals(0.099, s.lr(99, SPE), 1e-15);
        assertEquals(0.1, s.lr(100, SPE), 1e-15, "warm-up ends at the base rate");
        assertEquals(0.001 + 0.099 * 0.5, s.lr(100 + 450, SPE), 1e-12, "half-way through the cosine");
        assertEquals(0.001 + 0.099 * 0.5 * (1 + Math.cos(Math.PI / 9)), s.lr(200, SPE), 1e-12);
        assertEquals(0.001, s.lr(1000, SPE), 1e-15);
        assertEquals(0.001, s.lr(5000, SPE), 1e-15, "stays at the minimum after the end");
        assertEquals(0.1, LrSchedule.cosine(0.1, 0, 5).lr(0, SPE), 1e-15);
        assertEquals(0.05, LrSchedule.cosine(0.1, 0, 5, 1).lr(50, SPE), 1e-15);
    }

    @Test
    void stepDecayEveryFractionalInterval() {
        LrSchedule s = LrSchedule.stepDecay(0.256, 2.4, 0.97);
        assertEquals(0.256, s.lr(0, SPE));
        assertEquals(0.256, s.lr(239, SPE));
        assertEquals(0.256 * 0.97, s.lr(240, SPE), 1e-15);
        assertEquals(0.256 * 0.97 * 0.97, s.lr(480, SPE), 1e-15);
        LrSchedule w = new StepDecay(0.2, 1, 0.5, new LrSchedule.Warmup(2, 0.02));
        assertEquals(0.02, w.lr(0, SPE), 1e-15);
        assertEquals(0.11, w.lr(100, SPE), 1e-15);
        assertEquals(0.2, w.lr(200, SPE), 1e-15, "decay counts from the end of the warm-up");
        assertEquals(0.1, w.lr(300, SPE), 1e-15);
    }

    @Test
    void exponentialPerEpochAsInDna() {
        LrSchedule s = LrSchedule.exponential(0.005, 0.9);
        assertEquals(0.005, s.lr(0, SPE));
        assertEquals(0.005, s.lr(99, SPE), "constant within an epoch");
        assertEquals(0.0045, s.lr(100, SPE), 1e-15);
        assertEquals(0.00405, s.lr(250, SPE), 1e-15);
        assertEquals(0.005 * Math.pow(0.9, 19), s.lr(19 * SPE + 7, SPE), 1e-15);
    }

    @Test
    void constantWithAndWithoutWarmup() {
        assertEquals(0.3, LrSchedule.constant(0.3).lr(12345, SPE));
        LrSchedule w = new Constant(0.3, new LrSchedule.Warmup(0.5, 0.1));
        assertEquals(0.1, w.lr(0, SPE), 1e-15);
        assertEquals(0.2, w.lr(25, SPE), 1e-15);
        assertEquals(0.3, w.lr(50, SPE), 1e-15);
    }

    @Test
    void ratesArePureFunctionsOfTheStep() {
        LrSchedule s = new Cosine(0.1, 0, 3, new LrSchedule.Warmup(0.5, 0));
        double later = s.lr(237, 64);
        for (int i = 0; i < 237; i++) s.lr(i, 64);
        assertEquals(later, s.lr(237, 64));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Cosine(0.1, 0, 1, new LrSchedule.Warmup(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.stepDecay(0.1, 0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.exponential(0.1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(1).lr(-1, SPE));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(1).lr(0, 0));
    }
}
