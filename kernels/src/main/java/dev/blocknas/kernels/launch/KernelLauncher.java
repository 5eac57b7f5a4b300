package dev.blocknas.kernels.launch;

/**
 * Where the kernel launchers ({@code ops.*Kernels}, {@code depthwise.DepthwiseKernels}) send their launches:
 * the GPU through {@link Launcher}, or, in the tests, the CPU emulation of the same CUDA sources. Everything
 * a launcher decides (grid, block, shared memory, argument bytes) goes through here unchanged.
 */
public interface KernelLauncher {
    /** Threads per block for the grid-stride kernels. */
    int THREADS = 256;

    /** The device's multiprocessor count (sizes grids and splits). */
    int multiprocessors();

    /** Launches {@code module.kernel} with a 1-D block of {@code threads} and dynamic shared memory. */
    void launch(String module, String kernel, int gridX, int gridY, int gridZ, int threads, int sharedBytes,
                KernelArgs args);

    /** Grid size for a grid-stride loop over {@code n} elements: enough blocks to fill the GPU, no more. */
    default int gridFor(long n) {
        long blocks = (n + THREADS - 1) / THREADS;
        long cap = (long) multiprocessors() * 32;
        return (int) Math.max(1, Math.min(blocks, cap));
    }

    /** A 1-D grid-stride launch over {@code n} elements. */
    default void launch1d(String module, String kernel, long n, KernelArgs args) {
        launch(module, kernel, gridFor(n), 1, 1, THREADS, 0, args);
    }
}
