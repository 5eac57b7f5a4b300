package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.emu.EmulatorBuild.Sanitizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.SplittableRandom;

/**
 * The frame of the emulation tests: one emulator process (AddressSanitizer + UBSan) per test class, planned
 * for a 132-SM GPU unless a test says otherwise, and fresh random inputs each run from a seed that every
 * failure message names.
 */
@ExtendWith(Covers.Check.class)
abstract class EmulatedKernelTest {
    static final long SEED = System.nanoTime();
    static final int H100_SMS = 132;
    static EmulatedGpu gpu;
    final SplittableRandom random = new SplittableRandom(SEED ^ getClass().getName().hashCode());

    @BeforeAll
    static void startEmulator() {
        gpu = EmulatedGpu.start(Sanitizer.ADDRESS_UNDEFINED, H100_SMS);
    }

    @AfterAll
    static void stopEmulator() {
        if (gpu != null) gpu.close();
        gpu = null;
    }

    @BeforeEach
    void planForH100() {
        gpu.multiprocessors(H100_SMS);
    }

    /** "seed S: " + what, for failure messages. */
    static String seeded(String what) {
        return "seed " + SEED + ": " + what;
    }

    float[] uniform(int n, double lo, double hi) {
        return uniform(random, n, lo, hi);
    }

    static float[] uniform(SplittableRandom r, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return v;
    }

    /** A size in [lo, hi], odd more often than not. */
    int size(int lo, int hi) {
        int v = lo + random.nextInt(hi - lo + 1);
        return v % 2 == 0 && v < hi && random.nextInt(4) != 0 ? v + 1 : v;
    }
}
