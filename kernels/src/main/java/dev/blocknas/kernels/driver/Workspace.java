package dev.blocknas.kernels.driver;

/**
 * Scratch device memory for library calls (cuDNN workspaces): lease a buffer, queue the call, close the
 * lease. The backend's {@link CachingAllocator} is the implementation; tests of the native bindings pass a
 * fake one, so the bindings can be exercised without a GPU.
 */
@FunctionalInterface
public interface Workspace {
    /** A buffer of at least {@code bytes} bytes until the lease is closed. */
    Lease lease(long bytes);

    /** A leased buffer. */
    interface Lease extends AutoCloseable {
        long address();

        @Override
        void close();
    }
}
