package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.DType;
import dev.blocknas.tensor.Storage;

/** Host memory: a float array, counted by the CPU backend's live-bytes counter until freed. */
final class CpuStorage extends Storage {
    private float[] data;
    private final CpuBackend backend;

    CpuStorage(CpuBackend backend, int numel) {
        super(backend, numel, DType.FLOAT32);
        this.backend = backend;
        this.data = new float[numel];
    }

    float[] data() {
        float[] d = data;
        if (d == null) throw new IllegalStateException("CPU storage used after it was freed");
        return d;
    }

    @Override
    protected void free() {
        data = null;
        backend.released(bytes());
    }
}
