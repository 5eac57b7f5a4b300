package dev.blocknas.kernels.depthwise;

import dev.blocknas.kernels.driver.Workspace;
import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

import java.util.Locale;

import static dev.blocknas.kernels.launch.KernelLauncher.THREADS;

/**
 * Our depthwise convolution kernels, forward and both gradients, in two variants: {@link Variant#TILED}
 * (shared-memory tiles, register blocking; the default) and {@link Variant#SIMPLE} (direct, any kernel
 * size and stride; the fallback). The system property {@code blocknas.depthwise=simple} forces the simple
 * variant, a switch for the first runs on a new GPU. Addresses are of packed NCHW float buffers.
 */
public final class DepthwiseKernels {
    /** Kernel variants. */
    public enum Variant {
        TILED,
        SIMPLE
    }

    private final KernelLauncher launcher;
    private final Workspace workspace;
    private final Variant preferred;

    /** Launches through {@code launcher}; the filter gradient's partial sums are leased from {@code workspace}. */
    public DepthwiseKernels(KernelLauncher launcher, Workspace workspace) {
        this.launcher = launcher;
        this.workspace = workspace;
        String v = System.getProperty("blocknas.depthwise", "tiled").toLowerCase(Locale.ROOT);
        this.preferred = v.equals("simple") ? Variant.SIMPLE : Variant.TILED;
    }

    /** The variant used when none is named. */
    public Variant preferred() {
        return preferred;
    }

    /** Geometry of one depthwise convolution. */
    public record Shape(int n, int c, int h, int w, int k, int stride, int pad, int ho, int wo) {}

    /** The tiled plan for {@code kind} on {@code s}, or null when the simple kernel must run. */
    public DepthwiseLaunch plan(DepthwiseLaunch.Kind kind, Shape s, long stagedAddress) {
        return DepthwiseLaunch.of(kind, s.n(), s.c(), s.h(), s.w(), s.k(), s.stride(), s.pad(), s.ho(), s.wo(),
                (stagedAddress & 15) == 0, launcher.multiprocessors());
    }

    /** y = x (*) w. */
    public void forward(Variant v, Shape s, long x, long w, long y) {
        DepthwiseLaunch p = v == Variant.TILED ? plan(DepthwiseLaunch.Kind.FORWARD, s, x) : null;
        if (p == null) {
            long total = (long) s.n() * s.c() * s.ho() * s.wo();
            launcher.launch1d("depthwise_simple", "depthwise_forward_simple", total,
                    new KernelArgs().ptr(x).ptr(w).ptr(y)
                            .i32(s.c()).i32(s.h()).i32(s.w()).i32(s.ho()).i32(s.wo()).i32(s.k()).i32(s.stride())
                            .i32(s.pad())
                            .i64(total));
            return;
        }
        launcher.launch(p.module(), p.kernel(), p.grid(), 1, 1, THREADS, p.sharedBytes(),
                new KernelArgs().ptr(x).ptr(w).ptr(y).struct(p.args()));
    }

    /** gx from gy and w. */
    public void backwardData(Variant v, Shape s, long gy, long w, long gx) {
        DepthwiseLaunch p = v == Variant.TILED ? plan(DepthwiseLaunch.Kind.BACKWARD_DATA, s, gy) : null;
        if (p == null) {
            long total = (long) s.n() * s.c() * s.h() * s.w();
            launcher.launch1d("depthwise_simple", "depthwise_backward_data_simple", total,
                    new KernelArgs().ptr(gy).ptr(w)
                            .ptr(gx).i32(s.c()).i32(s.h()).i32(s.w()).i32(s.ho()).i32(s.wo()).i32(s.k()).i32(s.stride())
                            .i32(s.pad()).i64(total));
            return;
        }
        launcher.launch(p.module(), p.kernel(), p.grid(), 1, 1, THREADS, p.sharedBytes(),
                new KernelArgs().ptr(gy).ptr(w).ptr(gx).struct(p.args()));
    }

    /** gw from x and gy (overwritten). */
    public void backwardFilter(Variant v, Shape s, long x, long gy, long gw) {
        DepthwiseLaunch p = v == Variant.TILED ? plan(DepthwiseLaunch.Kind.BACKWARD_FILTER, s, x) : null;
        int kk = s.k() * s.k();
        if (p == null) {
            launcher.launch("depthwise_simple", "depthwise_backward_filter_simple", s.c() * kk, 1, 1, THREADS, 0,
                    new KernelArgs().ptr(x).ptr(gy).ptr(gw).i32(s.n()).i32(s.c()).i32(s.h()).i32(s.w()).i32(s.ho())
                            .i32(s.wo()).i32(s.k()).i32(s.stride()).i32(s.pad()));
            return;
        }
        try (Workspace.Lease partial = workspace.lease((long) s.c() * p.splits() * kk * Float.BYTES)) {
            launcher.launch(p.module(), p.kernel(), p.grid(), 1, 1, THREADS, p.sharedBytes(),
                    new KernelArgs().ptr(x).ptr(gy).ptr(partial.address()).struct(p.args()));
            int total = s.c() * kk;
            launcher.launch(p.module(), "depthwise_filter_finish", (total + THREADS - 1) / THREADS, 1, 1, THREADS, 0,
                    new KernelArgs().ptr(partial.address()).ptr(gw).i32(s.c()).i32(p.splits()).i32(kk));
        } // closing the lease is safe: later users of the block queue behind the finish kernel
    }
}
