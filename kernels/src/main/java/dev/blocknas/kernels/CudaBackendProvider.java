package dev.blocknas.kernels;

import dev.blocknas.kernels.blas.Cublas;
import dev.blocknas.kernels.dnn.Cudnn;
import dev.blocknas.kernels.ffm.NativeLibrary;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.BackendProvider;
import dev.blocknas.tensor.Device;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Registers the CUDA backend with {@code Backends} (META-INF/services). {@link #unavailableReason()} probes
 * the machine once, cheapest check first, and answers in one sentence; it never throws: the driver library
 * is looked for before JCuda's native code is touched, because loading that fails outright without it.
 */
public final class CudaBackendProvider implements BackendProvider {
    /** PTX from nvcc 13 needs a driver of CUDA 13.0 or newer. */
    static final int MIN_DRIVER = 13000;
    private static volatile String reason;
    private static volatile boolean probed;

    @Override
    public Device.Kind kind() {
        return Device.Kind.CUDA;
    }

    @Override
    public String unavailableReason() {
        if (!probed) {
            synchronized (CudaBackendProvider.class) {
                if (!probed) {
                    reason = probe();
                    probed = true;
                }
            }
        }
        return reason;
    }

    @Override
    public Backend open(Device device) {
        String why = unavailableReason();
        if (why != null) throw new dev.blocknas.tensor.DeviceUnavailableException(device + " is not available: " + why);
        return new CudaBackend(device);
    }

    private static String probe() {
        try {
            if (!NativeLibrary.loadable("libcuda.so.1", "libcuda.so")) {
                return "no NVIDIA driver was found (libcuda.so.1 could not be loaded).";
            }
            int rc;
            int[] count = new int[1];
            int[] version = new int[1];
            try {
                JCudaDriver.setExceptionsEnabled(false); // return codes while probing; the backend turns exceptions on
                rc = JCudaDriver.cuInit(0);
                if (rc == CUresult.CUDA_ERROR_NO_DEVICE) return "no CUDA device is present.";
                if (rc != CUresult.CUDA_SUCCESS) {
                    return "the NVIDIA driver did not initialise (cuInit returned " + CUresult.stringFor(rc) + ").";
                }
                rc = JCudaDriver.cuDeviceGetCount(count);
                if (rc != CUresult.CUDA_SUCCESS || count[0] == 0) return "no CUDA device is present.";
                JCudaDriver.cuDriverGetVersion(version);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                return "the JCuda native library could not be loaded (" + firstLine(e.getMessage()) + ").";
            } finally {
                try {
                    JCudaDriver.setExceptionsEnabled(true);
                } catch (Throwable ignored) {
                    // JCuda did not load; nothing to restore
                }
            }
            if (version[0] < MIN_DRIVER) {
                return "the NVIDIA driver supports CUDA " + version[0] / 1000 + "." + (version[0] % 1000) / 10
                        + ", but the kernels need CUDA 13.0 or newer (driver 580+).";
            }
            String blas = Cublas.unavailableReason();
            if (blas != null) return blas;
            return Cudnn.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            return "the CUDA backend could not start (" + firstLine(String.valueOf(e.getMessage())) + ").";
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "no detail";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
