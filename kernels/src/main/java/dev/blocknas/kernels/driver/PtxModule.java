package dev.blocknas.kernels.driver;

import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One of our PTX files (resource {@code dev/blocknas/kernels/ptx/NAME.ptx}), JIT-compiled by the driver for
 * the GPU at hand when loaded, with its kernels looked up by name once.
 */
public final class PtxModule implements AutoCloseable {
    private final String name;
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private boolean closed;

    /** Loads the PTX resource {@code name} into the current context. */
    public PtxModule(String name) {
        this.name = name;
        byte[] ptx = resource(name);
        Cu.call("cuModuleLoadData(" + name + ".ptx)", () -> JCudaDriver.cuModuleLoadData(module, ptx));
    }

    /** The PTX text of {@code name} with a terminating NUL, as cuModuleLoadData wants it. */
    static byte[] resource(String name) {
        String path = "/dev/blocknas/kernels/ptx/" + name + ".ptx";
        try (InputStream in = PtxModule.class.getResourceAsStream(path)) {
            if (in == null)
                throw new IllegalStateException("the PTX resource " + path + " is missing from the class path");
            byte[] text = in.readAllBytes();
            byte[] z = new byte[text.length + 1];
            System.arraycopy(text, 0, z, 0, text.length);
            return z;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The kernel {@code kernel} of this module. */
    public synchronized CUfunction function(String kernel) {
        if (closed) throw new IllegalStateException("PTX module " + name + " was used after it was closed");
        CUfunction f = functions.get(kernel);
        if (f == null) {
            CUfunction nf = new CUfunction();
            Cu.call("cuModuleGetFunction(" + name + "." + kernel + ")",
                    () -> JCudaDriver.cuModuleGetFunction(nf, module, kernel));
            functions.put(kernel, nf);
            f = nf;
        }
        return f;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        functions.clear();
        Cu.call("cuModuleUnload(" + name + ")", () -> JCudaDriver.cuModuleUnload(module));
    }
}
