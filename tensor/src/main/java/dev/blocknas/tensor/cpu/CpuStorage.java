package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.DType;
import dev.blocknas.tensor.Storage;

/**
 * Host memory: a float array, counted by the CPU backend's live-bytes counter until freed, then handed to the
 * backend's {@link ArrayPool} for the next storage of its size.
 */
final class CpuStorage extends Storage {
    private float[] data;
    private final CpuBackend backend;

    CpuStorage(CpuBackend backend, int numel) {
        super(backend, numel, DType.FLOAT32);
        this.backend = backend;
        this.data = backend.pool().take(numel);
    }

    float[] data() {
        float[] d = data;
        if (d == null) throw new IllegalStateException("CPU storage used after it was freed");
        return d;
    }

    @Override
    protected void free() {
        float[] d = data;
        data = null;
        backend.released(bytes());
        if (d != null) backend.pool().give(d);
    }
}
