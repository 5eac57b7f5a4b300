package dev.blocknas.kernels.ops;

import dev.blocknas.kernels.driver.Workspace;
import dev.blocknas.kernels.launch.KernelArgs;
import dev.blocknas.kernels.launch.KernelLauncher;

import static dev.blocknas.kernels.launch.KernelLauncher.THREADS;

/**
 * Launches reduce.cu over x viewed as [outer, n, inner]. When the natural grid would leave most of the GPU
 * idle (a few long rows, or a reduction over the batch), n is split across blocks and a finishing kernel
 * combines the double partials in order.
 */
public final class ReduceKernels {
    private static final String MODULE = "reduce";
    private static final int MAX_SPLITS = 1024;
    private final KernelLauncher launcher;
    private final Workspace workspace;

    /** Launches through {@code launcher}; split partials are leased from {@code workspace}. */
    public ReduceKernels(KernelLauncher launcher, Workspace workspace) {
        this.launcher = launcher;
        this.workspace = workspace;
    }

    public void reduce(int op, long x, int outer, int n, int inner, long out) {
        if (outer == 0 || inner == 0) return;
        int threads = THREADS;
        int rowBlocks = inner == 1 ? outer : outer * ((inner + threads - 1) / threads);
        int splits = 1;
        int wanted = 4 * launcher.multiprocessors();
        if (rowBlocks < wanted) {
            int byWork = inner == 1 ? (n + 4095) / 4096 : (n + 31) / 32;
            splits = Math.max(1, Math.min(MAX_SPLITS, Math.min(byWork, (wanted + rowBlocks - 1) / rowBlocks)));
        }
        int per = Math.max(1, (n + splits - 1) / splits);
        splits = Math.max(1, (n + per - 1) / per);
        long count = (long) outer * inner;
        Workspace.Lease partial = splits > 1 ? workspace.lease(count * splits * Double.BYTES) : null;
        long partialAddress = partial == null ? 0 : partial.address();
        try {
            if (inner == 1) {
                launcher.launch(MODULE, "reduce_rows", outer, splits, 1, threads, 0,
                        new KernelArgs().i32(op).ptr(x).i32(n).i32(per).i32(splits).ptr(out).ptr(partialAddress));
            } else {
                launcher.launch(MODULE, "reduce_cols", rowBlocks, splits, 1, threads, 0,
                        new KernelArgs().i32(op).ptr(x).i32(n).i32(inner).i32(per).i32(splits).ptr(out)
                                .ptr(partialAddress));
            }
            if (partial != null) {
                launcher.launch(MODULE, "reduce_finish", (int) ((count + threads - 1) / threads), 1, 1, threads, 0,
                        new KernelArgs().i32(op).ptr(partialAddress).i32(splits).i32(n).ptr(out).i64(count));
            }
        } finally {
            if (partial != null) partial.close(); // safe: later users of this block queue behind the finish kernel
        }
    }
}
