package dev.blocknas.kernels.driver;

import jcuda.driver.CUresult;

/** A CUDA driver call failed; the message names the call and the driver's error code. */
public class CudaCallException extends RuntimeException {
    private final int code;

    public CudaCallException(String call, int code) {
        super(call + " failed: " + CUresult.stringFor(code) + " (" + code + ")");
        this.code = code;
    }

    public CudaCallException(String message, Throwable cause) {
        super(message, cause);
        this.code = -1;
    }

    /** The CUresult code, or -1 when it is unknown. */
    public int code() {
        return code;
    }
}
