package dev.blocknas.kernels.dnn;

import dev.blocknas.tensor.Conv2dSpec;

/**
 * A cudnnConvolutionDescriptor_t: cross-correlation (what deep learning calls convolution), float compute,
 * the spec's padding, stride, dilation and groups, and FMA-only math unless TF32 is allowed.
 */
public final class ConvolutionDescriptor extends CudnnDescriptor {

    public ConvolutionDescriptor(Cudnn dnn, Conv2dSpec spec, boolean tf32) {
        super(dnn, "Convolution", dnn.createConv, dnn.destroyConv);
        int p = spec.padding();
        int s = spec.stride();
        int dil = spec.dilation();
        configure("cudnnSetConvolution2dDescriptor", spec.toString(),
                d -> (int) dnn.setConv2d.invokeExact(d, p, p, s, s, dil, dil, Cudnn.CROSS_CORRELATION,
                        Cudnn.DATA_FLOAT));
        configure("cudnnSetConvolutionGroupCount", spec.toString(),
                d -> (int) dnn.setConvGroupCount.invokeExact(d, spec.groups()));
        // CUDNN_DEFAULT_MATH lets fp32 convolutions use TF32 tensor cores on Ampere and newer; FMA_MATH forbids it.
        configure("cudnnSetConvolutionMathType", tf32 ? "default math" : "FMA math",
                d -> (int) dnn.setConvMathType.invokeExact(d, tf32 ? Cudnn.DEFAULT_MATH : Cudnn.FMA_MATH));
    }
}
