package dev.blocknas.kernels.dnn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;

/** A cudnnFilterDescriptor_t of float weights [k (out channels), c (in channels per group), h, w], NCHW. */
public final class FilterDescriptor implements AutoCloseable {
    private final Cudnn dnn;
    private final MemorySegment desc;
    private boolean closed;

    public FilterDescriptor(Cudnn dnn, int k, int c, int h, int w) {
        this.dnn = dnn;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            dnn.check("cudnnCreateFilterDescriptor", (int) dnn.createFilter.invokeExact(out));
            desc = out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnCreateFilterDescriptor", t);
        }
        try {
            // Data type first, then format (the reverse of cudnnSetTensor4dDescriptor).
            dnn.check("cudnnSetFilter4dDescriptor", (int) dnn.setFilter4d.invokeExact(desc, Cudnn.DATA_FLOAT,
                    Cudnn.TENSOR_NCHW, k, c, h, w));
        } catch (Throwable t) {
            close();
            throw Cudnn.wrap("cudnnSetFilter4dDescriptor(" + k + ", " + c + ", " + h + ", " + w + ")", t);
        }
    }

    MemorySegment segment() {
        if (closed) throw new IllegalStateException("a cuDNN filter descriptor was used after it was closed");
        return desc;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            dnn.check("cudnnDestroyFilterDescriptor", (int) dnn.destroyFilter.invokeExact(desc));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnDestroyFilterDescriptor", t);
        }
    }
}
