package dev.blocknas.kernels.ops;

import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

/** Launches optimizers.cu (in-place updates); an absent state buffer is address 0. */
public final class OptimizerKernels {
    private static final String MODULE = "optimizers";
    private final KernelLauncher launcher;

    public OptimizerKernels(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    public void sgd(long p, long g, long v, float lr, float momentum, float wd, boolean nesterov, long n) {
        launcher.launch1d(MODULE, "sgd_step", n, new KernelArgs().ptr(p).ptr(g).ptr(v).f32(lr).f32(momentum).f32(wd)
                .i32(nesterov ? 1 : 0).i64(n));
    }

    public void rmsprop(long p, long g, long sq, long buf, float lr, float alpha, float eps, float momentum, float wd,
                        long n) {
        launcher.launch1d(MODULE, "rmsprop_step", n, new KernelArgs().ptr(p).ptr(g).ptr(sq).ptr(buf).f32(lr).f32(alpha)
                .f32(eps).f32(momentum).f32(wd).i64(n));
    }

    public void adam(long p, long g, long m, long v, float lr, float b1, float b2, float eps, float wd,
                     boolean decoupled,
                     int step, long n) {
        float c1 = 1f - (float) Math.pow(b1, step); // as the CPU reference rounds them
        float c2 = 1f - (float) Math.pow(b2, step);
        launcher.launch1d(MODULE, "adam_step", n, new KernelArgs().ptr(p).ptr(g).ptr(m).ptr(v).f32(lr).f32(b1).f32(b2)
                .f32(eps).f32(wd).i32(decoupled ? 1 : 0).f32(c1).f32(c2).i64(n));
    }
}
