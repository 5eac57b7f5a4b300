package dev.blocknas.kernels.launch;

import dev.blocknas.kernels.driver.CudaCallException;
import dev.blocknas.kernels.driver.CudaContext;
import dev.blocknas.kernels.driver.CudaStream;
import dev.blocknas.kernels.driver.PtxModule;
import jcuda.CudaException;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

import java.util.HashMap;
import java.util.Map;

/**
 * Launches our kernels on the backend's stream. Modules are loaded (JIT-compiled) on first use. With the
 * system property {@code blocknas.cuda.sync=true} every launch is followed by a stream synchronisation, so
 * an asynchronous fault is reported against the kernel that caused it rather than a later call.
 */
public final class Launcher implements KernelLauncher, AutoCloseable {
    private final CudaContext context;
    private final CudaStream stream;
    private final Map<String, PtxModule> modules = new HashMap<>();
    private final boolean syncEachLaunch = Boolean.getBoolean("blocknas.cuda.sync");
    private boolean closed;

    public Launcher(CudaContext context, CudaStream stream) {
        this.context = context;
        this.stream = stream;
    }

    @Override
    public int multiprocessors() {
        return context.multiprocessors();
    }

    @Override
    public void launch(String module, String kernel, int gridX, int gridY, int gridZ, int threads, int sharedBytes,
                       KernelArgs args) {
        if (closed) throw new IllegalStateException("kernel launch after the CUDA backend was closed");
        context.bind();
        var fn = module(module).function(kernel);
        int rc;
        try {
            rc = JCudaDriver.cuLaunchKernel(fn, gridX, gridY, gridZ, threads, 1, 1, sharedBytes, stream.handle(),
                    args.toPointer(), null);
        } catch (CudaException e) {
            throw new CudaCallException(describe(kernel, gridX, gridY, gridZ, threads, sharedBytes) + " failed: "
                    + e.getMessage(), e);
        }
        if (rc != CUresult.CUDA_SUCCESS) {
            throw new CudaCallException(describe(kernel, gridX, gridY, gridZ, threads, sharedBytes), rc);
        }
        if (syncEachLaunch) {
            try {
                stream.synchronize();
            } catch (CudaCallException e) {
                throw new CudaCallException("kernel " + kernel + " failed while running: " + e.getMessage(), e);
            }
        }
    }

    // Built only on failure: a training step makes thousands of launches of a few microseconds each.
    private static String describe(String kernel, int gridX, int gridY, int gridZ, int threads, int sharedBytes) {
        return "cuLaunchKernel(" + kernel + ", grid " + gridX + "x" + gridY + "x" + gridZ + ", block " + threads
                + ", smem " + sharedBytes + ")";
    }

    private synchronized PtxModule module(String name) {
        PtxModule m = modules.get(name);
        if (m == null) {
            m = new PtxModule(name);
            modules.put(name, m);
        }
        return m;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (PtxModule m : modules.values()) m.close();
        modules.clear();
    }
}
