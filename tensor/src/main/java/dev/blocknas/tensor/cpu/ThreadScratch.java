package dev.blocknas.tensor.cpu;

import java.util.Arrays;

/**
 * Per-thread scratch arrays that only grow, in numbered slots: a kernel's temporaries, reused from call to call
 * so that steady-state steps allocate nothing. A slot belongs to the thread for the length of one use; the
 * kernels that own an instance never hold a slot across a call that uses the same slot.
 */
final class ThreadScratch {
    private final ThreadLocal<float[][]> floats;
    private final ThreadLocal<double[][]> doubles;

    ThreadScratch(int floatSlots, int doubleSlots) {
        floats = ThreadLocal.withInitial(() -> new float[floatSlots][0]);
        doubles = ThreadLocal.withInitial(() -> new double[doubleSlots][0]);
    }

    /** This thread's float slot {@code which}, at least {@code size} long, holding whatever its last use left. */
    float[] floats(int which, int size) {
        float[][] s = floats.get();
        if (s[which].length < size) s[which] = new float[size];
        return s[which];
    }

    /** This thread's double slot {@code which}, at least {@code size} long, zeroed over {@code size}. */
    double[] zeroedDoubles(int which, int size) {
        double[][] s = doubles.get();
        if (s[which].length < size) s[which] = new double[size];
        Arrays.fill(s[which], 0, size, 0.0);
        return s[which];
    }
}
