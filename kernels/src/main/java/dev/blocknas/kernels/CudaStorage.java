package dev.blocknas.kernels;

import dev.blocknas.kernels.driver.CachingAllocator;
import dev.blocknas.kernels.driver.DevicePointer;
import dev.blocknas.tensor.DType;
import dev.blocknas.tensor.Storage;

/** Device memory of one storage: a block of the backend's caching allocator, returned to it when freed. */
public final class CudaStorage extends Storage {
    private final CudaBackend backend;
    private CachingAllocator.Block block;

    CudaStorage(CudaBackend backend, int numel, DType dtype, CachingAllocator.Block block) {
        super(backend, numel, dtype);
        this.backend = backend;
        this.block = block;
    }

    /** The device address of element 0. */
    public long address() {
        CachingAllocator.Block b = block;
        if (b == null) throw new IllegalStateException("GPU storage used after it was freed");
        backend.checkOpen();
        return b.address();
    }

    /** The JCuda pointer of element 0. */
    DevicePointer pointer() {
        CachingAllocator.Block b = block;
        if (b == null) throw new IllegalStateException("GPU storage used after it was freed");
        backend.checkOpen();
        return b.pointer();
    }

    @Override
    protected void free() {
        CachingAllocator.Block b = block;
        block = null;
        if (b != null) backend.release(b);
    }
}
