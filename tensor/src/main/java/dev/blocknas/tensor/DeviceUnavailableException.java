package dev.blocknas.tensor;

/** A device was asked for that this machine cannot provide; the message says why in one sentence. */
public class DeviceUnavailableException extends RuntimeException {
    public DeviceUnavailableException(String message) {
        super(message);
    }

    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
