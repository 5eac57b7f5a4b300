package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.ops.OptimizerKernels;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * optimizers.cu on the emulator against the CPU backend, bit for bit: the same float operations in the same
 * order (the emulator does not contract a*b+c; nvcc does, so on a GPU these differ in the last bits and the
 * gpu tests compare within a tolerance). SGD with and without momentum and Nesterov, RMSprop with and without
 * momentum, Adam and AdamW at a first and a later step; parameters, gradients and state at odd lengths.
 */
@SuppressWarnings("try")
class OptimizerEmulationTest extends EmulatedKernelTest {
    private final Backend cpu = Backends.cpu();
    private final OptimizerKernels kernels = new OptimizerKernels(gpu);

    @FunctionalInterface
    private interface Step {
        void run(Tensor[] cpuTensors, long[] emulated, int n);
    }

    /** Runs {@code step} on fresh parameter, gradient and {@code states} state buffers on both sides. */
    private void compare(String what, int states, Step step) {
        gpu.multiprocessors(random.nextBoolean() ? 1 : H100_SMS);
        int n = size(1, 30000);
        float[][] v = new float[2 + states][];
        v[0] = uniform(n, -1, 1);
        v[1] = uniform(n, -1, 1);
        for (int s = 0; s < states; s++) v[2 + s] = uniform(n, 0, 0.5); // RMSprop's square average is >= 0
        float[][] expected = new float[v.length][];
        try (Scope ignored = Scope.open()) {
            Tensor[] t = new Tensor[v.length];
            for (int i = 0; i < v.length; i++) t[i] = Tensor.of(Device.CPU, v[i].clone(), n);
            step.run(t, null, n);
            for (int i = 0; i < v.length; i++) expected[i] = t[i].toArray();
        }
        long[] a = new long[v.length];
        for (int i = 0; i < v.length; i++) a[i] = gpu.upload(v[i]);
        step.run(null, a, n);
        for (int i = 0; i < v.length; i++) {
            if (i == 1) continue; // the gradient is read only
            Compare.identical(expected[i], gpu.read(a[i], n),
                    seeded(what + " n " + n + (i == 0 ? " parameters" : " state " + (i - 2))));
        }
        for (long x : a) gpu.free(x);
    }

    @Test
    @Covers("sgd_step")
    void sgdMatchesTheCpuBackend() {
        compare("plain SGD", 0, (t, a, n) -> {
            if (t != null) cpu.sgdStep(t[0], t[1], null, 0.1f, 0f, 1e-4f, false);
            else kernels.sgd(a[0], a[1], 0, 0.1f, 0f, 1e-4f, false, n);
        });
        for (boolean nesterov : new boolean[] {false, true}) {
            compare("SGD momentum nesterov " + nesterov, 1, (t, a, n) -> {
                if (t != null) cpu.sgdStep(t[0], t[1], t[2], 0.05f, 0.9f, 4e-5f, nesterov);
                else kernels.sgd(a[0], a[1], a[2], 0.05f, 0.9f, 4e-5f, nesterov, n);
            });
        }
    }

    @Test
    @Covers("rmsprop_step")
    void rmspropMatchesTheCpuBackend() {
        compare("RMSprop", 1, (t, a, n) -> {
            if (t != null) cpu.rmspropStep(t[0], t[1], t[2], null, 0.01f, 0.99f, 1e-8f, 0f, 1e-5f);
            else kernels.rmsprop(a[0], a[1], a[2], 0, 0.01f, 0.99f, 1e-8f, 0f, 1e-5f, n);
        });
        compare("RMSprop momentum", 2, (t, a, n) -> {
            if (t != null) cpu.rmspropStep(t[0], t[1], t[2], t[3], 0.01f, 0.9f, 1e-3f, 0.9f, 0f);
            else kernels.rmsprop(a[0], a[1], a[2], a[3], 0.01f, 0.9f, 1e-3f, 0.9f, 0f, n);
        });
    }

    @Test
    @Covers("adam_step")
    void adamMatchesTheCpuBackend() {
        for (boolean decoupled : new boolean[] {false, true}) {
            for (int step : new int[] {1, 7}) {
                compare((decoupled ? "AdamW" : "Adam") + " step " + step, 2, (t, a, n) -> {
                    if (t != null)
                        cpu.adamStep(t[0], t[1], t[2], t[3], 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, step);
                    else
                        kernels.adam(a[0], a[1], a[2], a[3], 1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, decoupled, step, n);
                });
            }
        }
    }
}
