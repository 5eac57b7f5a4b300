package dev.blocknas.kernels.dnn;

/** A cudnnTensorDescriptor_t of a packed NCHW float tensor. */
public final class TensorDescriptor extends CudnnDescriptor {

    public TensorDescriptor(Cudnn dnn, int n, int c, int h, int w) {
        super(dnn, "Tensor", dnn.createTensor, dnn.destroyTensor);
        configure("cudnnSetTensor4dDescriptor", n + ", " + c + ", " + h + ", " + w,
                d -> (int) dnn.setTensor4d.invokeExact(d, Cudnn.TENSOR_NCHW, Cudnn.DATA_FLOAT, n, c, h, w));
    }
}
