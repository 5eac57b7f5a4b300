package dev.blocknas.kernels.driver;

import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Device memory with a cache of freed blocks, so a training step that allocates the same shapes every
 * iteration calls cuMemAlloc only in its first step.
 *
 * <p>Sizes are rounded to a class: multiples of 512 bytes up to 1 MiB, multiples of 2 MiB above. A request
 * is served by a cached block of its class, or for large requests by one at most 25% larger; otherwise by
 * cuMemAlloc. When the driver reports out of memory, the cache is released and the allocation retried once,
 * then a {@link DeviceOutOfMemoryException} says in one sentence how much was asked for and what was free.
 *
 * <p>Why reuse without waiting is safe: every kernel and copy of the backend is queued on one stream, which
 * runs in order, so work queued after a block was freed and handed out again runs after the work that used
 * it before. (A second stream would need events here.) Memory goes back to the driver only in
 * {@link #releaseCache()} and {@link #close()}, after a device-wide synchronisation, never from a GC hook.
 */
public final class CachingAllocator implements Workspace, AutoCloseable {
    static final long SMALL_LIMIT = 1L << 20;
    static final long SMALL_GRANULE = 512;
    static final long LARGE_GRANULE = 2L << 20;

    /** A block of device memory handed out by this allocator. */
    public static final class Block implements Workspace.Lease {
        private final CachingAllocator owner;
        private final DevicePointer pointer;
        private final long size;
        private boolean live = true;

        Block(CachingAllocator owner, DevicePointer pointer, long size) {
            this.owner = owner;
            this.pointer = pointer;
            this.size = size;
        }

        /** Returns the block to its allocator (as {@link CachingAllocator#free}). */
        @Override
        public void close() {
            owner.free(this);
        }

        public DevicePointer pointer() { return pointer; }
        @Override
        public long address() { return pointer.address(); }
        /** Bytes reserved (the rounded size). */
        public long size() { return size; }
    }

    private final CudaContext context;
    private final TreeMap<Long, ArrayDeque<Block>> cached = new TreeMap<>();
    private final Map<Block, Boolean> live = new IdentityHashMap<>();
    private long bytesInUse;
    private long bytesCached;
    private long allocations;
    private long cacheHits;
    private long driverAllocations;
    private boolean closed;

    public CachingAllocator(CudaContext context) {
        this.context = context;
    }

    /** The size class of a request of {@code bytes}. */
    static long roundUp(long bytes) {
        long b = Math.max(bytes, 1);
        if (b <= SMALL_LIMIT) return (b + SMALL_GRANULE - 1) / SMALL_GRANULE * SMALL_GRANULE;
        return (b + LARGE_GRANULE - 1) / LARGE_GRANULE * LARGE_GRANULE;
    }

    @Override
    public Block lease(long bytes) {
        return allocate(bytes);
    }

    /** A block of at least {@code bytes} bytes. */
    public synchronized Block allocate(long bytes) {
        if (closed)
            throw new IllegalStateException(
                    "the GPU allocator of cuda:" + context.ordinal() + " was used after it was closed");
        long size = roundUp(bytes);
        allocations++;
        Block b = takeCached(size);
        if (b != null) {
            cacheHits++;
        } else {
            b = new Block(this, driverAllocate(size), size);
            driverAllocations++;
        }
        b.live = true;
        live.put(b, Boolean.TRUE);
        bytesInUse += b.size;
        return b;
    }

    private Block takeCached(long size) {
        Long key = cached.ceilingKey(size);
        if (key == null) return null;
        if (key != size && (size <= SMALL_LIMIT || key > size + size / 4)) return null;
        ArrayDeque<Block> q = cached.get(key);
        Block b = q.pop();
        if (q.isEmpty()) cached.remove(key);
        bytesCached -= b.size;
        return b;
    }

    private DevicePointer driverAllocate(long size) {
        context.bind();
        DevicePointer p = new DevicePointer();
        int rc = tryAlloc(p, size);
        if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            releaseCacheLocked();
            p = new DevicePointer();
            rc = tryAlloc(p, size);
        }
        if (rc == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
            long free = context.memoryInfo()[0];
            throw new DeviceOutOfMemoryException(String.format(Locale.ROOT,
                    "GPU out of memory: asked for %s with %s free on cuda:%d.", human(size), human(free),
                    context.ordinal()));
        }
        if (rc != CUresult.CUDA_SUCCESS) throw new CudaCallException("cuMemAlloc(" + size + " bytes)", rc);
        return p;
    }

    private static int tryAlloc(DevicePointer p, long size) {
        try {
            return JCudaDriver.cuMemAlloc(p, size);
        } catch (jcuda.CudaException e) {
            // With JCuda's exceptions enabled the code arrives as the exception's message.
            return e.getMessage() != null && e.getMessage().contains("CUDA_ERROR_OUT_OF_MEMORY")
                    ? CUresult.CUDA_ERROR_OUT_OF_MEMORY
                    : CUresult.CUDA_ERROR_UNKNOWN;
        }
    }

    /** Returns {@code b} to the cache. Freeing a block twice fails loudly. */
    public synchronized void free(Block b) {
        if (!b.live || live.remove(b) == null) throw new IllegalStateException("a GPU block was freed twice");
        b.live = false;
        bytesInUse -= b.size;
        if (closed) return; // the driver memory is already gone
        cached.computeIfAbsent(b.size, k -> new ArrayDeque<>()).push(b);
        bytesCached += b.size;
    }

    /** Gives every cached block back to the driver (after the device finished all queued work). */
    public synchronized void releaseCache() {
        releaseCacheLocked();
    }

    private void releaseCacheLocked() {
        if (cached.isEmpty()) return;
        context.synchronize();
        for (ArrayDeque<Block> q : cached.values()) {
            for (Block b : q) Cu.call("cuMemFree", () -> JCudaDriver.cuMemFree(b.pointer));
        }
        cached.clear();
        bytesCached = 0;
    }

    public synchronized long bytesInUse() { return bytesInUse; }
    public synchronized long bytesCached() { return bytesCached; }
    public synchronized long allocations() { return allocations; }
    public synchronized long cacheHits() { return cacheHits; }
    /** Allocations that went to cuMemAlloc. */
    public synchronized long driverAllocations() {
        return driverAllocations;
    }

    /** Frees all device memory, cached and live; live blocks' later frees are ignored. */
    @Override
    public synchronized void close() {
        if (closed) return;
        releaseCacheLocked();
        List<Block> still = new ArrayList<>(live.keySet());
        for (Block b : still) Cu.call("cuMemFree", () -> JCudaDriver.cuMemFree(b.pointer));
        closed = true;
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        if (bytes >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        if (bytes >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) (1L << 10));
        return bytes + " B";
    }
}
