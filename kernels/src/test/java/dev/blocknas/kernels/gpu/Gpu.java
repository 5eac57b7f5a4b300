package dev.blocknas.kernels.gpu;

import dev.blocknas.kernels.CudaBackend;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Helpers of the GPU tests: the CUDA backend, random inputs (fresh per call), poisoned outputs (NaN, so an
 * unwritten element fails the comparison), and host copies. Tolerances are relative L2 errors
 * (||gpu - cpu|| / ||cpu||): {@link #TOL} for float32 kernels whose summation order differs from the CPU's.
 */
final class Gpu {
    static final Device DEV = Device.cuda(0);
    /** The system property that turns a missing GPU from a skip into a failure. */
    static final String REQUIRED = "blocknas.gpu.required";
    /** fp32 with a different summation order and FMA contraction: errors are ~1e-7; 1e-5 leaves room for
     *  long reductions (convolutions, BN statistics) while staying far under the 1e-3 the project demands. */
    static final double TOL = 1e-5;
    private static final SplittableRandom SEEDS = new SplittableRandom(System.nanoTime());

    private Gpu() {}

    /**
     * The CUDA backend. Without a usable GPU the test is skipped, or, with {@code -Dblocknas.gpu.required=true}
     * (the device run), failed: on the lent GPU machine a skip would hide a driver or library that cannot load.
     */
    static CudaBackend backend() {
        String why = Backends.cudaUnavailableReason();
        if (why != null) {
            String message = "no usable GPU: " + why;
            if (Boolean.getBoolean(REQUIRED)) fail(message + " (-D" + REQUIRED + "=true: GPU tests must run)");
            assumeTrue(false, message);
        }
        return (CudaBackend) Backends.get(DEV);
    }

    static Backend cpu() {
        return Backends.cpu();
    }

    /** A fresh seed, printed on failure through the message of the caller. */
    static long seed() {
        return SEEDS.nextLong();
    }

    static float[] random(long seed, int n, float lo, float hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return v;
    }

    static float[] random(long seed, int n) {
        return random(seed, n, -1f, 1f);
    }

    static int numel(int... dims) {
        return Shape.of(dims).numel();
    }

    static Tensor onCpu(float[] v, int... dims) {
        return Tensor.of(Device.CPU, v.clone(), dims);
    }

    static Tensor onGpu(float[] v, int... dims) {
        return Tensor.of(DEV, v.clone(), dims);
    }

    /** A GPU tensor full of NaN. */
    static Tensor poisoned(int... dims) {
        return Tensor.full(Float.NaN, DEV, dims);
    }

    /** A CPU tensor full of NaN. */
    static Tensor poisonedCpu(int... dims) {
        return Tensor.full(Float.NaN, Device.CPU, dims);
    }
}
