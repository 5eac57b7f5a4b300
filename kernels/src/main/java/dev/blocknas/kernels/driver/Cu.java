package dev.blocknas.kernels.driver;

import jcuda.CudaException;
import jcuda.driver.CUresult;

import java.util.function.IntSupplier;

/**
 * Runs JCuda driver calls so that every failure becomes a {@link CudaCallException} naming the call.
 * JCuda's own exceptions are enabled (they catch errors even where a return code is ignored) but say only
 * the error name, so they are re-thrown with the call's name.
 */
public final class Cu {
    private Cu() {}

    /** Runs {@code f}, a JCuda driver call returning a CUresult, and fails loudly unless it succeeded. */
    public static void call(String name, IntSupplier f) {
        int rc;
        try {
            rc = f.getAsInt();
        } catch (CudaException e) {
            throw new CudaCallException(name + " failed: " + e.getMessage(), e);
        }
        if (rc != CUresult.CUDA_SUCCESS) throw new CudaCallException(name, rc);
    }
}
