package dev.blocknas.kernels.emu;

import dev.blocknas.kernels.ops.SoftmaxKernels;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * softmax.cu on the emulator against the CPU backend: log-softmax forward and backward, softmax
 * cross-entropy with and without label smoothing and gradient, class counts from 1 to over a block's
 * threads; the exponentials and sums are in double on both sides (within 1e-6). A label outside the classes
 * gives NaN in its row only (the kernel's contract: it cannot throw as the CPU does).
 */
@SuppressWarnings("try")
class SoftmaxEmulationTest extends EmulatedKernelTest {
    private final Backend cpu = Backends.cpu();
    private final SoftmaxKernels kernels = new SoftmaxKernels(gpu);

    private int[] rowsAndCols() {
        int[][] shapes = {{size(1, 9), 1}, {size(1, 40), 10}, {size(1, 9), size(257, 1500)},
                {size(2, 20), size(2, 255)}};
        return shapes[random.nextInt(shapes.length)];
    }

    @Test
    @Covers({"log_softmax_forward", "log_softmax_backward"})
    void logSoftmaxMatchesTheCpuBackend() {
        for (int t = 0; t < 6; t++) {
            int[] s = rowsAndCols();
            int rows = s[0], cols = s[1];
            float[] x = uniform(rows * cols, -6, 6);
            float[] gy = uniform(rows * cols, -1, 1);
            float[] y;
            float[] gx;
            try (Scope ignored = Scope.open()) {
                Tensor ty = Tensor.empty(Device.CPU, rows, cols);
                Tensor tgx = Tensor.empty(Device.CPU, rows, cols);
                cpu.logSoftmax(Tensor.of(Device.CPU, x, rows, cols), ty);
                cpu.logSoftmaxBackward(ty, Tensor.of(Device.CPU, gy, rows, cols), tgx);
                y = ty.toArray();
                gx = tgx.toArray();
            }
            String what = seeded(rows + " x " + cols);
            long xa = gpu.upload(x);
            long ya = gpu.allocate(4L * rows * cols);
            kernels.logSoftmax(xa, ya, rows, cols);
            Compare.close(y, gpu.read(ya, rows * cols), 1e-6, what + " log-softmax");
            gpu.write(ya, y);
            long gya = gpu.upload(gy);
            long gxa = gpu.allocate(4L * rows * cols);
            kernels.logSoftmaxBackward(ya, gya, gxa, rows, cols);
            Compare.close(gx, gpu.read(gxa, rows * cols), 1e-6, what + " log-softmax backward");
            for (long a : new long[] {xa, ya, gya, gxa}) gpu.free(a);
        }
    }

    @Test
    @Covers("softmax_cross_entropy")
    void crossEntropyMatchesTheCpuBackend() {
        for (int t = 0; t < 6; t++) {
            int[] s = rowsAndCols();
            int rows = s[0], cols = s[1];
            float smoothing = t % 2 == 0 ? 0f : 0.1f;
            boolean gradient = t % 3 != 2;
            float[] x = uniform(rows * cols, -6, 6);
            float[] labels = new float[rows];
            for (int r = 0; r < rows; r++) labels[r] = random.nextInt(cols);
            float[] loss;
            float[] d;
            try (Scope ignored = Scope.open()) {
                Tensor tl = Tensor.empty(Device.CPU, rows);
                Tensor td = Tensor.empty(Device.CPU, rows, cols);
                cpu.softmaxCrossEntropy(Tensor.of(Device.CPU, x, rows, cols), Tensor.of(Device.CPU, labels, rows),
                        smoothing,
                        tl, gradient ? td : null);
                loss = tl.toArray();
                d = td.toArray();
            }
            String what = seeded(
                    rows + " x " + cols + " smoothing " + smoothing + (gradient ? "" : " without gradient"));
            long xa = gpu.upload(x);
            long la = gpu.upload(labels);
            long lossa = gpu.allocate(4L * rows);
            long da = gradient ? gpu.allocate(4L * rows * cols) : 0;
            kernels.crossEntropy(xa, la, smoothing, lossa, da, rows, cols);
            Compare.close(loss, gpu.read(lossa, rows), 1e-6, what + " loss");
            if (gradient) {
                Compare.close(d, gpu.read(da, rows * cols), 1e-6, what + " gradient");
                gpu.free(da);
            }
            for (long a : new long[] {xa, la, lossa}) gpu.free(a);
        }
    }

    @Test
    @Covers("softmax_cross_entropy")
    void aLabelOutsideTheClassesIsNaNInItsRowOnly() {
        int rows = 3, cols = 7;
        long xa = gpu.upload(uniform(rows * cols, -1, 1));
        long la = gpu.upload(new float[] {2, cols, -1});
        long lossa = gpu.allocate(4L * rows);
        long da = gpu.allocate(4L * rows * cols);
        kernels.crossEntropy(xa, la, 0f, lossa, da, rows, cols);
        float[] loss = gpu.read(lossa, rows);
        float[] d = gpu.read(da, rows * cols);
        assertTrue(Float.isFinite(loss[0]) && Float.isNaN(loss[1]) && Float.isNaN(loss[2]),
                java.util.Arrays.toString(loss));
        for (int j = 0; j < cols; j++) {
            assertTrue(Float.isFinite(d[j]) && Float.isNaN(d[cols + j]) && Float.isNaN(d[2 * cols + j]), "column " + j);
        }
        for (long a : new long[] {xa, la, lossa, da}) gpu.free(a);
    }
}
