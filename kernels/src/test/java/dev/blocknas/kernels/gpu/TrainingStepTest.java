package dev.blocknas.kernels.gpu;

import dev.blocknas.kernels.CudaBackend;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.MemoryStats;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.blocknas.tensor.testing.Tolerance.assertClose;
import static dev.blocknas.tensor.testing.Tolerance.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training end to end: the same small CNN from the same weights trained on the CPU and on the GPU gives the
 * same loss curve and weights (within fp32 drift over several steps: 1e-3), and a training step leaves the
 * GPU allocator exactly at its live-bytes baseline, served from its cache after the first step.
 */
@Tag("gpu")
@SuppressWarnings("try")
class TrainingStepTest {
    private static final int STEPS = 6;

    private static float[] train(Device device, float[] losses) {
        Rng data = new Rng(11);
        try (TinyCnn net = new TinyCnn(device, 5)) {
            float[] images;
            float[] labels = new float[8];
            try (Scope s = Scope.open()) {
                images = Tensor.randn(data, Device.CPU, 8, 3, 16, 16).toArray();
            }
            for (int i = 0; i < 8; i++) labels[i] = (i * 3) % 10;
            for (int step = 0; step < STEPS; step++) {
                try (Scope s = Scope.open()) {
                    Tensor x = Tensor.of(device, images, 8, 3, 16, 16);
                    Tensor y = Tensor.of(device, labels, 8);
                    Tensor loss = net.loss(x, y);
                    losses[step] = loss.item();
                    loss.backward();
                    net.step(0.2f);
                }
            }
            return net.state();
        }
    }

    @Test
    void gpuTrainingFollowsTheCpuLossCurve() {
        Gpu.backend();
        float[] cpuLoss = new float[STEPS], gpuLoss = new float[STEPS];
        float[] cpuState = train(Device.CPU, cpuLoss);
        float[] gpuState = train(Gpu.DEV, gpuLoss);
        System.out.println("cpu losses " + java.util.Arrays.toString(cpuLoss));
        System.out.println("gpu losses " + java.util.Arrays.toString(gpuLoss));
        assertTrue(cpuLoss[STEPS - 1] < cpuLoss[0], "the net learns at all");
        for (int i = 0; i < STEPS; i++) {
            assertEquals(cpuLoss[i], gpuLoss[i], 1e-3 * Math.abs(cpuLoss[i]), "loss at step " + i);
        }
        assertClose(cpuState, gpuState, 1e-3, "weights and running statistics after " + STEPS + " steps");
    }

    @Test
    void aTrainingStepReturnsTheAllocatorToItsBaseline() {
        CudaBackend gpu = Gpu.backend();
        Rng data = new Rng(3);
        try (TinyCnn net = new TinyCnn(Gpu.DEV, 9)) {
            float[] images;
            try (Scope s = Scope.open()) {
                images = Tensor.randn(data, Device.CPU, 8, 3, 16, 16).toArray();
            }
            float[] labels = {1, 2, 3, 4, 5, 6, 7, 8};
            Runnable step = () -> {
                try (Scope s = Scope.open()) {
                    Tensor loss = net.loss(Tensor.of(Gpu.DEV, images, 8, 3, 16, 16), Tensor.of(Gpu.DEV, labels, 8));
                    loss.backward();
                    net.step(0.1f);
                }
            };
            step.run(); // warms the allocator's cache and cuDNN's algorithm choices
            gpu.synchronize();
            MemoryStats before = gpu.memoryStats();
            long driverBefore = gpu.allocator().driverAllocations();
            for (int i = 0; i < 3; i++) step.run();
            gpu.synchronize();
            MemoryStats after = gpu.memoryStats();
            assertEquals(before.bytesInUse(), after.bytesInUse(),
                    "live bytes return to the baseline: " + before + " -> " + after);
            assertEquals(driverBefore, gpu.allocator().driverAllocations(),
                    "later steps allocate nothing from the driver");
            assertTrue(after.cacheHits() > before.cacheHits(), "later steps are served from the cache");
        }
    }

    @Test
    void gpuLossIsFiniteAndGradientsAreNotAllZero() {
        Gpu.backend();
        try (TinyCnn net = new TinyCnn(Gpu.DEV, 1); Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Rng(2), Gpu.DEV, 8, 3, 16, 16);
            Tensor y = Tensor.of(Gpu.DEV, new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 8);
            Tensor loss = net.loss(x, y);
            assertTrue(Float.isFinite(loss.item()));
            loss.backward();
            for (Tensor p : net.params) {
                float[] g = p.grad().toArray();
                assertTrue(relativeError(g, new float[g.length]) > 0 || p.numel() == 10, "gradient of " + p.shape());
            }
        }
    }
}
