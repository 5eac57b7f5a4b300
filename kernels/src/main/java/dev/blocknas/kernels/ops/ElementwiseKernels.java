package dev.blocknas.kernels.ops;

import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

/** Launches the kernels of elementwise.cu; addresses already include each tensor's offset. */
public final class ElementwiseKernels {
    private static final String MODULE = "elementwise";
    private final KernelLauncher launcher;

    public ElementwiseKernels(KernelLauncher launcher) {
        this.launcher = launcher;
    }

    public void unary(int op, float alpha, long x, long y, long n) {
        launcher.launch1d(MODULE, "unary_forward", n, new KernelArgs().i32(op).f32(alpha).ptr(x).ptr(y).i64(n));
    }

    public void unaryBackward(int op, float alpha, long x, long y, long gy, long gx, long n) {
        launcher.launch1d(MODULE, "unary_backward", n,
                new KernelArgs().i32(op).f32(alpha).ptr(x).ptr(y).ptr(gy).ptr(gx).i64(n));
    }

    /** out = a op b over the merged layout of (a, b, out); picks the contiguous and scalar fast paths. */
    public void binary(int op, long a, long b, long out, StridedLayout layout, long n) {
        if (layout.contiguous()) {
            launcher.launch1d(MODULE, "binary_contiguous", n, new KernelArgs().i32(op).ptr(a).ptr(b).ptr(out).i64(n));
        } else if (layout.scalarOperand(1)) {
            launcher.launch1d(MODULE, "binary_scalar_b", n, new KernelArgs().i32(op).ptr(a).ptr(b).ptr(out).i64(n));
        } else {
            launcher.launch1d(MODULE, "binary_strided", n,
                    new KernelArgs().i32(op).ptr(a).ptr(b).ptr(out).struct(layout.struct()).i64(n));
        }
    }

    /** dst = src over the merged layout of (src, dst), which is not one contiguous run. */
    public void copyStrided(long src, long dst, StridedLayout layout, long n) {
        launcher.launch1d(MODULE, "copy_strided", n,
                new KernelArgs().ptr(src).ptr(dst).struct(layout.struct(0, -1, 1)).i64(n));
    }
}
