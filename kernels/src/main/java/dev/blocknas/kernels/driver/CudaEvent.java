package dev.blocknas.kernels.driver;

import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

/** A timing event on a stream: record two, synchronise the second, read the milliseconds between them. */
public final class CudaEvent implements AutoCloseable {
    private final CUevent event = new CUevent();
    private boolean closed;

    public CudaEvent() {
        Cu.call("cuEventCreate", () -> JCudaDriver.cuEventCreate(event, 0));
    }

    /** Queues this event on {@code stream}. */
    public void record(CudaStream stream) {
        check();
        Cu.call("cuEventRecord", () -> JCudaDriver.cuEventRecord(event, stream.handle()));
    }

    /** Waits until the work queued before this event has finished. */
    public void synchronize() {
        check();
        Cu.call("cuEventSynchronize", () -> JCudaDriver.cuEventSynchronize(event));
    }

    /** Milliseconds from {@code start} to this event (both recorded; this one synchronised). */
    public float millisSince(CudaEvent start) {
        check();
        float[] ms = new float[1];
        Cu.call("cuEventElapsedTime", () -> JCudaDriver.cuEventElapsedTime(ms, start.event, event));
        return ms[0];
    }

    private void check() {
        if (closed) throw new IllegalStateException("the CUDA event was used after it was closed");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Cu.call("cuEventDestroy", () -> JCudaDriver.cuEventDestroy(event));
    }
}
