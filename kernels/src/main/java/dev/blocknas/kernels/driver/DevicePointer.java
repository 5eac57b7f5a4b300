package dev.blocknas.kernels.driver;

import jcuda.driver.CUdeviceptr;

/**
 * A device pointer whose address Java can read: JCuda keeps it in a protected field, and cuBLAS, cuDNN
 * (through java.lang.foreign) and kernel arguments need it as a plain {@code long}.
 */
public final class DevicePointer extends CUdeviceptr {
    /** An empty pointer for cuMemAlloc to fill. */
    public DevicePointer() {
        super();
    }

    private DevicePointer(DevicePointer base, long byteOffset) {
        super(base, byteOffset);
    }

    /** The device address (base plus byte offset). */
    public long address() {
        return getNativePointer() + getByteOffset();
    }

    /** A pointer {@code bytes} past this one. */
    public DevicePointer plus(long bytes) {
        return new DevicePointer(this, bytes);
    }
}
