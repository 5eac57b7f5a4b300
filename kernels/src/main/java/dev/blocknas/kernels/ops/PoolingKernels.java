package dev.blocknas.kernels.ops;

import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

/** Launches pooling.cu over planes [planes, h, w]. */
public final class PoolingKernels {
    private static final String MODULE = "pooling";
    private final KernelLauncher launcher;

    public PoolingKernels(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    public void forward(int kind, long x, long y, int planes, int h, int w, int ho, int wo, int k, int s, int pad) {
        long total = (long) planes * ho * wo;
        launcher.launch1d(MODULE, "pool2d_forward", total, new KernelArgs().i32(kind).ptr(x).ptr(y).i32(h).i32(w)
                .i32(ho).i32(wo).i32(k).i32(s).i32(pad).i64(total));
    }

    public void backward(int kind, long x, long gy, long gx, int planes, int h, int w, int ho, int wo, int k, int s,
                         int pad) {
        long total = (long) planes * h * w;
        launcher.launch1d(MODULE, "pool2d_backward", total, new KernelArgs().i32(kind).ptr(x).ptr(gy).ptr(gx).i32(h)
                .i32(w).i32(ho).i32(wo).i32(k).i32(s).i32(pad).i64(total));
    }
}
