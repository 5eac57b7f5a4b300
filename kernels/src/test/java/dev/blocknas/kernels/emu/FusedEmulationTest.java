package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.ops.FusedKernels;
import dev.blocknas.kernels.ops.OpCodes;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * fused.cu on the emulator, as CudaBackend.batchNormInferenceActivation drives it, against the CPU
 * backend's three passes (batch-norm inference, residual add, activation): per-channel scale and shift bit
 * for bit, the fused output within 1e-5 (the CPU's scale-shift rows may round differently).
 */
@SuppressWarnings("try")
class FusedEmulationTest extends EmulatedKernelTest {
    private final Backend cpu = Backends.cpu();
    private final FusedKernels kernels = new FusedKernels(gpu);

    @Test
    @Covers({"bn_inference_scale_shift", "scale_shift_activation"})
    void batchNormActivationMatchesTheCpuBackend() {
        UnaryOp[] acts = {null, UnaryOp.RELU, UnaryOp.RELU6, UnaryOp.SILU, UnaryOp.HARD_SWISH};
        for (int t = 0; t < 8; t++) {
            UnaryOp act = acts[t % acts.length];
            boolean residual = t % 3 != 0;
            int n = size(1, 3), c = size(1, 300), h = size(1, 13), w = size(1, 13);
            gpu.multiprocessors(random.nextBoolean() ? 1 : H100_SMS);
            float[] x = uniform(n * c * h * w, -3, 3);
            float[] res = uniform(x.length, -1, 1);
            float[] gamma = uniform(c, 0.5, 1.5), beta = uniform(c, -0.5, 0.5);
            float[] mean = uniform(c, -0.5, 0.5), var = uniform(c, 0.1, 2);
            float eps = 1e-5f;
            float[] expected;
            try (Scope ignored = Scope.open()) {
                Tensor y = Tensor.empty(Device.CPU, n, c, h, w);
                cpu.batchNormInference(Tensor.of(Device.CPU, x, n, c, h, w), Tensor.of(Device.CPU, gamma, c),
                        Tensor.of(Device.CPU, beta, c), Tensor.of(Device.CPU, mean, c), Tensor.of(Device.CPU, var, c),
                        eps, y);
                if (residual) cpu.binary(BinaryOp.ADD, y, Tensor.of(Device.CPU, res, n, c, h, w), y);
                if (act != null) cpu.unary(act, 0f, y, y);
                expected = y.toArray();
            }
            float[] scale = new float[c];
            float[] shift = new float[c];
            for (int i = 0; i < c; i++) {
                scale[i] = gamma[i] / (float) Math.sqrt(var[i] + eps);
                shift[i] = beta[i] - mean[i] * scale[i];
            }
            String what = seeded(
                    (act == null ? "identity" : act) + (residual ? " + residual" : "") + " on " + n + "x" + c
                            + "x" + h + "x" + w);
            long[] in = {gpu.upload(x), gpu.upload(gamma), gpu.upload(beta), gpu.upload(mean), gpu.upload(var)};
            long ra = residual ? gpu.upload(res) : 0;
            long ss = gpu.allocate(8L * c);
            long ya = gpu.allocate(4L * x.length);
            kernels.bnScaleShift(in[1], in[2], in[3], in[4], eps, ss, ss + 4L * c, c);
            kernels.scaleShiftActivation(in[0], ss, ss + 4L * c, ra, ya,
                    act == null ? FusedKernels.IDENTITY : OpCodes.unary(act),
                    n, c, h * w);
            Compare.identical(scale, gpu.read(ss, c), what + " scale");
            Compare.identical(shift, gpu.read(ss + 4L * c, c), what + " shift");
            Compare.close(expected, gpu.read(ya, x.length), 1e-5, what);
            for (long a : in) gpu.free(a);
            if (residual) gpu.free(ra);
            gpu.free(ss);
            gpu.free(ya);
        }
    }
}
