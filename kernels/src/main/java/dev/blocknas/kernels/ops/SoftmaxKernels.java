package dev.blocknas.kernels.ops;

import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

import static dev.blocknas.kernels.launch.KernelLauncher.THREADS;

/** Launches softmax.cu: one block per row. */
public final class SoftmaxKernels {
    private static final String MODULE = "softmax";
    private final KernelLauncher launcher;

    public SoftmaxKernels(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    public void logSoftmax(long x, long y, int rows, int cols) {
        if (rows == 0) return;
        launcher.launch(MODULE, "log_softmax_forward", rows, 1, 1, THREADS, 0,
                new KernelArgs().ptr(x).ptr(y).i32(cols));
    }

    public void logSoftmaxBackward(long y, long gy, long gx, int rows, int cols) {
        if (rows == 0) return;
        launcher.launch(MODULE, "log_softmax_backward", rows, 1, 1, THREADS, 0,
                new KernelArgs().ptr(y).ptr(gy).ptr(gx).i32(cols));
    }

    /** dlogits may be 0 (no gradient wanted). */
    public void crossEntropy(long logits, long labels, float smoothing, long loss, long dlogits, int rows, int cols) {
        if (rows == 0) return;
        float off = smoothing / cols; // the CPU reference's float arithmetic
        float on = 1f - smoothing + off;
        launcher.launch(MODULE, "softmax_cross_entropy", rows, 1, 1, THREADS, 0,
                new KernelArgs().ptr(logits).ptr(labels).f32(on).f32(off).ptr(loss).ptr(dlogits).i32(cols));
    }
}
