package dev.blocknas.kernels.ffm;

/** A cuBLAS or cuDNN call returned an error status; the message names the call and the status. */
public class NativeError extends RuntimeException {
    private final int status;

    public NativeError(String call, int status, String statusName) {
        super(call + " failed: " + statusName + " (" + status + ")");
        this.status = status;
    }

    public NativeError(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    public int status() {
        return status;
    }
}
