package dev.blocknas.tensor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A block of device or host memory holding tensor elements, owned by the {@link Backend} that made it.
 *
 * <p>Views share one storage; it is reference counted by the tensors that use it and released to its
 * backend when the last of them closes. Nothing here waits for the garbage collector.
 */
public abstract class Storage {
    private final Backend backend;
    private final int numel;
    private final DType dtype;
    private final AtomicInteger refs = new AtomicInteger(1);

    protected Storage(Backend backend, int numel, DType dtype) {
        this.backend = backend;
        this.numel = numel;
        this.dtype = dtype;
    }

    public final Backend backend() {
        return backend;
    }

    public final int numel() {
        return numel;
    }

    public final DType dtype() {
        return dtype;
    }

    public final long bytes() {
        return (long) numel * dtype.bytes();
    }

    /** True once every tensor using this storage has closed. */
    public final boolean isFreed() {
        return refs.get() <= 0;
    }

    /** Adds a user (a view sharing this memory). */
    final void retain() {
        if (refs.getAndIncrement() <= 0) {
            refs.decrementAndGet();
            throw new IllegalStateException("storage was already freed");
        }
    }

    /** Drops a user; the last one returns the memory to the backend. */
    final void release() {
        int r = refs.decrementAndGet();
        if (r == 0) free();
        else if (r < 0) throw new IllegalStateException("storage released more often than retained");
    }

    /** Returns the memory to the backend (called exactly once). */
    protected abstract void free();
}
