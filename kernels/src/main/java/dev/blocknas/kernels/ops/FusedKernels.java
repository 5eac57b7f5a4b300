package dev.blocknas.kernels.ops;

import dev.blocknas.kernels.launch.FastDiv;
import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

import static dev.blocknas.kernels.launch.KernelLauncher.THREADS;

/** Launches fused.cu: per-channel scale/shift + optional residual + activation in one pass over NCHW. */
public final class FusedKernels {
    private static final String MODULE = "fused";
    /** Activation code for "none". */
    public static final int IDENTITY = -1;
    private final KernelLauncher launcher;

    public FusedKernels(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    /** scale = gamma / sqrt(var + eps), shift = beta - mean * scale, per channel. */
    public void bnScaleShift(long gamma, long beta, long mean, long var, float eps, long scale, long shift, int c) {
        launcher.launch(MODULE, "bn_inference_scale_shift", (c + THREADS - 1) / THREADS, 1, 1,
                THREADS, 0, new KernelArgs().ptr(gamma).ptr(beta).ptr(mean).ptr(var).f32(eps).ptr(scale)
                        .ptr(shift).i32(c));
    }

    /** y = act(x * scale[c] + shift[c] + res); res may be 0; act is a unary code or {@link #IDENTITY}. */
    public void scaleShiftActivation(long x, long scale, long shift, long res, long y, int act, int n, int c, int hw) {
        int total = n * c * hw;
        launcher.launch1d(MODULE, "scale_shift_activation", total, new KernelArgs().ptr(x).ptr(scale).ptr(shift)
                .ptr(res).ptr(y).i32(act).fastDiv(FastDiv.of(Math.max(1, hw))).fastDiv(FastDiv.of(Math.max(1, c)))
                .i32(total));
    }
}
