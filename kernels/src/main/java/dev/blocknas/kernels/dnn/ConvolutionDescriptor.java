package dev.blocknas.kernels.dnn;

import dev.blocknas.tensor.Conv2dSpec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.ADDRESS;

/**
 * A cudnnConvolutionDescriptor_t: cross-correlation (what deep learning calls convolution), float compute,
 * the spec's padding, stride, dilation and groups, and FMA-only math unless TF32 is allowed.
 */
public final class ConvolutionDescriptor implements AutoCloseable {
    private final Cudnn dnn;
    private final MemorySegment desc;
    private boolean closed;

    public ConvolutionDescriptor(Cudnn dnn, Conv2dSpec spec, boolean tf32) {
        this.dnn = dnn;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(ADDRESS);
            dnn.check("cudnnCreateConvolutionDescriptor", (int) dnn.createConv.invokeExact(out));
            desc = out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnCreateConvolutionDescriptor", t);
        }
        try {
            int p = spec.padding();
            int s = spec.stride();
            int d = spec.dilation();
            dnn.check("cudnnSetConvolution2dDescriptor", (int) dnn.setConv2d.invokeExact(desc, p, p, s, s, d, d,
                    Cudnn.CROSS_CORRELATION, Cudnn.DATA_FLOAT));
            dnn.check("cudnnSetConvolutionGroupCount", (int) dnn.setConvGroupCount.invokeExact(desc, spec.groups()));
            // CUDNN_DEFAULT_MATH lets fp32 convolutions use TF32 tensor cores on Ampere and newer; FMA_MATH forbids it.
            dnn.check("cudnnSetConvolutionMathType", (int) dnn.setConvMathType.invokeExact(desc,
                    tf32 ? Cudnn.DEFAULT_MATH : Cudnn.FMA_MATH));
        } catch (Throwable t) {
            close();
            throw Cudnn.wrap("cudnnSetConvolution2dDescriptor(" + spec + ")", t);
        }
    }

    MemorySegment segment() {
        if (closed) throw new IllegalStateException("a cuDNN convolution descriptor was used after it was closed");
        return desc;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            dnn.check("cudnnDestroyConvolutionDescriptor", (int) dnn.destroyConv.invokeExact(desc));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnDestroyConvolutionDescriptor", t);
        }
    }
}
