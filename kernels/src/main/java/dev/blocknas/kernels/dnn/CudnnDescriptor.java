package dev.blocknas.kernels.dnn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * The life of a cuDNN descriptor: {@code cudnnCreate<Kind>Descriptor} in the constructor, configuration calls
 * by the subclass (a failed one destroys the descriptor again), {@code cudnnDestroy<Kind>Descriptor} on close.
 */
abstract class CudnnDescriptor implements AutoCloseable {
    /** One configuration call of a descriptor. */
    @FunctionalInterface
    interface Configure {
        int call(MemorySegment desc) throws Throwable;
    }

    private final Cudnn dnn;
    private final String kind;
    private final MethodHandle destroy;
    private final MemorySegment desc;
    private boolean closed;

    /**
     * @param kind    as in the cuDNN function names: "Tensor", "Filter", "Convolution"
     * @param create  {@code cudnnCreate<Kind>Descriptor}, (MemorySegment out) -> int
     * @param destroy {@code cudnnDestroy<Kind>Descriptor}, (MemorySegment desc) -> int
     */
    CudnnDescriptor(Cudnn dnn, String kind, MethodHandle create, MethodHandle destroy) {
        this.dnn = dnn;
        this.kind = kind;
        this.destroy = destroy;
        String name = "cudnnCreate" + kind + "Descriptor";
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            dnn.check(name, (int) create.invokeExact(out));
            desc = out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Cudnn.wrap(name, t);
        }
    }

    /** Runs one configuration call; on failure destroys the descriptor and names the call and {@code what}. */
    final void configure(String function, String what, Configure c) {
        try {
            dnn.check(function, c.call(desc));
        } catch (Throwable t) {
            close();
            throw Cudnn.wrap(function + "(" + what + ")", t);
        }
    }

    final MemorySegment segment() {
        if (closed) {
            throw new IllegalStateException(
                    "a cuDNN " + kind.toLowerCase(Locale.ROOT) + " descriptor was used after it was closed");
        }
        return desc;
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        String name = "cudnnDestroy" + kind + "Descriptor";
        try {
            dnn.check(name, (int) destroy.invokeExact(desc));
        } catch (Throwable t) {
            throw Cudnn.wrap(name, t);
        }
    }
}
