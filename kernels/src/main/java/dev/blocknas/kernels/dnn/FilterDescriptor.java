package dev.blocknas.kernels.dnn;

/** A cudnnFilterDescriptor_t of float weights [k (out channels), c (in channels per group), h, w], NCHW. */
public final class FilterDescriptor extends CudnnDescriptor {

    public FilterDescriptor(Cudnn dnn, int k, int c, int h, int w) {
        super(dnn, "Filter", dnn.createFilter, dnn.destroyFilter);
        // Data type first, then format (the reverse of cudnnSetTensor4dDescriptor).
        configure("cudnnSetFilter4dDescriptor", k + ", " + c + ", " + h + ", " + w,
                d -> (int) dnn.setFilter4d.invokeExact(d, Cudnn.DATA_FLOAT, Cudnn.TENSOR_NCHW, k, c, h, w));
    }
}
