package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.ops.RandomKernels;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * random.cu on the emulator is bit for bit the CPU backend's (that is, dev.blocknas.tensor.Rng's) uniform,
 * normal and dropout streams, for fresh seeds and odd lengths, with grids that loop (1 SM) and that do not.
 */
@SuppressWarnings("try")
class RandomEmulationTest extends EmulatedKernelTest {
    private final Backend cpu = Backends.cpu();
    private final RandomKernels kernels = new RandomKernels(gpu);

    @FunctionalInterface
    private interface Fill {
        void run(Tensor cpuTensor, long emulated, int n, long seed);
    }

    private void compare(String what, Fill fill) {
        for (int sms : new int[] {1, H100_SMS}) {
            gpu.multiprocessors(sms);
            int n = size(1, 70000);
            long seed = random.nextLong();
            float[] expected;
            try (Scope ignored = Scope.open()) {
                Tensor t = Tensor.empty(Device.CPU, n);
                fill.run(t, 0, n, seed);
                expected = t.toArray();
            }
            long a = gpu.allocate(4L * n);
            fill.run(null, a, n, seed);
            Compare.identical(expected, gpu.read(a, n), seeded(what + " n " + n + " stream seed " + seed));
            gpu.free(a);
        }
    }

    @Test
    @Covers({"fill_uniform", "fill_normal", "dropout_mask"})
    void fillsAreTheCpuBackendsStreams() {
        compare("uniform [-0.3, 1.7)", (t, a, n, seed) -> {
            if (t != null) cpu.fillUniform(t, seed, -0.3f, 1.7f);
            else kernels.uniform(a, n, seed, -0.3f, 1.7f);
        });
        compare("normal (0.5, 2)", (t, a, n, seed) -> {
            if (t != null) cpu.fillNormal(t, seed, 0.5f, 2f);
            else kernels.normal(a, n, seed, 0.5f, 2f);
        });
        compare("dropout 0.3", (t, a, n, seed) -> {
            if (t != null) cpu.dropoutMask(t, seed, 0.3f);
            else kernels.dropoutMask(a, n, seed, 0.3f);
        });
    }
}
