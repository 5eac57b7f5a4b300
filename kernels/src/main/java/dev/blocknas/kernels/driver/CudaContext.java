package dev.blocknas.kernels.driver;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;

/**
 * The primary context of one GPU, retained for the backend's lifetime. A CUDA context is current per host
 * thread, so every entry point that queues work calls {@link #bind()} first: it makes the context current
 * on a thread that has not used it yet (one ThreadLocal read otherwise).
 */
public final class CudaContext implements AutoCloseable {
    private static final ThreadLocal<CudaContext> BOUND = new ThreadLocal<>();

    private final int ordinal;
    private final CUdevice device = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final String name;
    private final int multiprocessors;
    private final int computeMajor;
    private final int computeMinor;
    private final int driverVersion;
    private final long totalMemory;
    private boolean closed;

    /** Retains the primary context of device {@code ordinal} and makes it current on this thread. */
    public CudaContext(int ordinal) {
        this.ordinal = ordinal;
        JCudaDriver.setExceptionsEnabled(true);
        Cu.call("cuInit", () -> JCudaDriver.cuInit(0));
        int[] count = new int[1];
        Cu.call("cuDeviceGetCount", () -> JCudaDriver.cuDeviceGetCount(count));
        if (ordinal >= count[0]) {
            throw new IllegalArgumentException("cuda:" + ordinal + " does not exist: this machine has " + count[0]
                    + " CUDA device" + (count[0] == 1 ? "" : "s") + ".");
        }
        Cu.call("cuDeviceGet", () -> JCudaDriver.cuDeviceGet(device, ordinal));
        Cu.call("cuDevicePrimaryCtxRetain", () -> JCudaDriver.cuDevicePrimaryCtxRetain(context, device));
        bind();
        byte[] raw = new byte[256];
        Cu.call("cuDeviceGetName", () -> JCudaDriver.cuDeviceGetName(raw, raw.length, device));
        int len = 0;
        while (len < raw.length && raw[len] != 0) len++;
        this.name = new String(raw, 0, len, StandardCharsets.US_ASCII);
        this.multiprocessors = attribute("multiprocessor count",
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT);
        this.computeMajor = attribute("compute capability",
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        this.computeMinor = attribute("compute capability",
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int[] v = new int[1];
        Cu.call("cuDriverGetVersion", () -> JCudaDriver.cuDriverGetVersion(v));
        this.driverVersion = v[0];
        long[] total = new long[1];
        Cu.call("cuDeviceTotalMem", () -> JCudaDriver.cuDeviceTotalMem(total, device));
        this.totalMemory = total[0];
    }

    private int attribute(String what, int attr) {
        int[] v = new int[1];
        Cu.call("cuDeviceGetAttribute(" + what + ")", () -> JCudaDriver.cuDeviceGetAttribute(v, attr, device));
        return v[0];
    }

    /** Makes this context current on the calling thread if it is not already. */
    public void bind() {
        if (closed)
            throw new IllegalStateException("the CUDA context of cuda:" + ordinal + " was used after it was closed");
        if (BOUND.get() != this) {
            Cu.call("cuCtxSetCurrent", () -> JCudaDriver.cuCtxSetCurrent(context));
            BOUND.set(this);
        }
    }

    /** Waits for all work of this context, on every stream. */
    public void synchronize() {
        bind();
        Cu.call("cuCtxSynchronize", JCudaDriver::cuCtxSynchronize);
    }

    /** Bytes free and total on the device, as the driver reports them now. */
    public long[] memoryInfo() {
        bind();
        long[] free = new long[1];
        long[] total = new long[1];
        Cu.call("cuMemGetInfo", () -> JCudaDriver.cuMemGetInfo(free, total));
        return new long[] {free[0], total[0]};
    }

    public int ordinal() { return ordinal; }
    public String name() { return name; }
    public int multiprocessors() { return multiprocessors; }
    public int computeMajor() { return computeMajor; }
    public int computeMinor() { return computeMinor; }
    /** The driver's CUDA version as an integer, e.g. 13000 for 13.0. */
    public int driverVersion() {
        return driverVersion;
    }
    public long totalMemory() { return totalMemory; }

    @Override
    public void close() {
        if (closed) return;
        bind();
        closed = true;
        if (BOUND.get() == this) BOUND.remove();
        Cu.call("cuDevicePrimaryCtxRelease", () -> JCudaDriver.cuDevicePrimaryCtxRelease(device));
    }
}
