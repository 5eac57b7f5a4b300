package dev.blocknas.kernels.driver;

/** The GPU had no room for an allocation even after the allocator released its cache; one sentence says so. */
public class DeviceOutOfMemoryException extends RuntimeException {
    public DeviceOutOfMemoryException(String message) {
        super(message);
    }
}
