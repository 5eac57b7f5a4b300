package dev.blocknas.kernels.driver;

import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * The one stream the backend queues all work on. It is a blocking stream (flag 0), so the synchronous
 * host copies JCuda makes on the legacy default stream are ordered after the work queued here.
 */
public final class CudaStream implements AutoCloseable {
    /** Exposes the native handle that cuBLAS and cuDNN take as cudaStream_t. */
    private static final class Handle extends CUstream {
        long address() {
            return getNativePointer();
        }
    }

    private final Handle handle = new Handle();
    private boolean closed;

    public CudaStream() {
        Cu.call("cuStreamCreate", () -> JCudaDriver.cuStreamCreate(handle, 0));
    }

    /** The JCuda handle, for driver calls. */
    public CUstream handle() {
        check();
        return handle;
    }

    /** The native cudaStream_t value, for cuBLAS and cuDNN. */
    public long address() {
        check();
        return handle.address();
    }

    /** Waits for every queued operation. */
    public void synchronize() {
        check();
        Cu.call("cuStreamSynchronize", () -> JCudaDriver.cuStreamSynchronize(handle));
    }

    private void check() {
        if (closed) throw new IllegalStateException("the CUDA stream was used after it was closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Cu.call("cuStreamDestroy", () -> JCudaDriver.cuStreamDestroy(handle));
    }
}
