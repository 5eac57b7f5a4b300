package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.ops.OpCodes;
import dev.blocknas.kernels.ops.PoolingKernels;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Pool2dSpec;
import dev.blocknas.tensor.PoolKind;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * pooling.cu on the emulator against the CPU backend, bit for bit: max and average windows of 1 to 4 with
 * strides 1 to 3 and every legal padding, on odd planes. The backward gathers, per input element, the
 * windows covering it in the order the CPU's scatter adds them, so even the sums agree exactly.
 */
@SuppressWarnings("try")
class PoolingEmulationTest extends EmulatedKernelTest {
    private final Backend cpu = Backends.cpu();
    private final PoolingKernels kernels = new PoolingKernels(gpu);

    @Test
    @Covers({"pool2d_forward", "pool2d_backward"})
    void poolingMatchesTheCpuBackend() {
        for (int t = 0; t < 16; t++) {
            PoolKind kind = t % 2 == 0 ? PoolKind.MAX : PoolKind.AVG;
            int k = 1 + random.nextInt(4);
            Pool2dSpec spec = new Pool2dSpec(k, 1 + random.nextInt(3), random.nextInt(k / 2 + 1));
            int n = size(1, 3), c = size(1, 5), h = size(k, 30), w = size(k, 30);
            int ho = spec.out(h), wo = spec.out(w);
            gpu.multiprocessors(random.nextBoolean() ? 1 : H100_SMS);
            float[] x = uniform(n * c * h * w, -4, 4);
            float[] gy = uniform(n * c * ho * wo, -1, 1);
            float[] y;
            float[] gx;
            try (Scope ignored = Scope.open()) {
                Tensor tx = Tensor.of(Device.CPU, x, n, c, h, w);
                Tensor ty = Tensor.empty(Device.CPU, n, c, ho, wo);
                Tensor tgx = Tensor.empty(Device.CPU, n, c, h, w);
                cpu.pool2d(kind, tx, spec, ty);
                cpu.pool2dBackward(kind, tx, ty, Tensor.of(Device.CPU, gy, n, c, ho, wo), spec, tgx);
                y = ty.toArray();
                gx = tgx.toArray();
            }
            String what = seeded(kind + " " + spec + " on " + n + "x" + c + "x" + h + "x" + w);
            long xa = gpu.upload(x);
            long ya = gpu.allocate(4L * y.length);
            kernels.forward(OpCodes.pool(kind), xa, ya, n * c, h, w, ho, wo, spec.kernel(), spec.stride(),
                    spec.padding());
            Compare.identical(y, gpu.read(ya, y.length), what + " forward");
            long gya = gpu.upload(gy);
            long gxa = gpu.allocate(4L * gx.length);
            kernels.backward(OpCodes.pool(kind), xa, gya, gxa, n * c, h, w, ho, wo, spec.kernel(), spec.stride(),
                    spec.padding());
            Compare.identical(gx, gpu.read(gxa, gx.length), what + " backward");
            for (long a : new long[] {xa, ya, gya, gxa}) gpu.free(a);
        }
    }
}
