package dev.blocknas.kernels.dnn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;

/** A cudnnTensorDescriptor_t of a packed NCHW float tensor. */
public final class TensorDescriptor implements AutoCloseable {
    private final Cudnn dnn;
    private final MemorySegment desc;
    private boolean closed;

    public TensorDescriptor(Cudnn dnn, int n, int c, int h, int w) {
        this.dnn = dnn;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            dnn.check("cudnnCreateTensorDescriptor", (int) dnn.createTensor.invokeExact(out));
            desc = out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnCreateTensorDescriptor", t);
        }
        try {
            dnn.check("cudnnSetTensor4dDescriptor", (int) dnn.setTensor4d.invokeExact(desc, Cudnn.TENSOR_NCHW,
                    Cudnn.DATA_FLOAT, n, c, h, w));
        } catch (Throwable t) {
            close();
            throw Cudnn.wrap("cudnnSetTensor4dDescriptor(" + n + ", " + c + ", " + h + ", " + w + ")", t);
        }
    }

    MemorySegment segment() {
        if (closed) throw new IllegalStateException("a cuDNN tensor descriptor was used after it was closed");
        return desc;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            dnn.check("cudnnDestroyTensorDescriptor", (int) dnn.destroyTensor.invokeExact(desc));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnDestroyTensorDescriptor", t);
        }
    }
}
