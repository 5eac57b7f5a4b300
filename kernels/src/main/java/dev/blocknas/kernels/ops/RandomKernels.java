package dev.blocknas.kernels.ops;

import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

/** Launches random.cu: fills identical to dev.blocknas.tensor.Rng's streams. */
public final class RandomKernels {
    private static final String MODULE = "random";
    private final KernelLauncher launcher;

    public RandomKernels(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    public void uniform(long y, long n, long seed, float low, float high) {
        float span = high - low; // rounded in float, as the CPU backend does
        launcher.launch1d(MODULE, "fill_uniform", n, new KernelArgs().ptr(y).i64(n).i64(seed).f32(low).f32(span));
    }

    public void normal(long y, long n, long seed, float mean, float std) {
        launcher.launch1d(MODULE, "fill_normal", n, new KernelArgs().ptr(y).i64(n).i64(seed).f32(mean).f32(std));
    }

    public void dropoutMask(long y, long n, long seed, float p) {
        float keep = 1f / (1f - p);
        launcher.launch1d(MODULE, "dropout_mask", n, new KernelArgs().ptr(y).i64(n).i64(seed).f32(p).f32(keep));
    }
}
