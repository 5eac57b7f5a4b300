package dev.blocknas.tensor;

/**
 * Geometry of a 2-D convolution with square kernels: stride, zero padding, dilation and groups apply to
 * both spatial axes.
 */
public record Conv2dSpec(int kernel, int stride, int padding, int dilation, int groups) {
    public Conv2dSpec {
        if (kernel < 1 || stride < 1 || padding < 0 || dilation < 1 || groups < 1) {
            throw new ShapeException("invalid convolution: kernel " + kernel + ", stride " + stride
                    + ", padding " + padding + ", dilation " + dilation + ", groups " + groups);
        }
    }

    /** Output size of one spatial axis of input size {@code in}. */
    public int out(int in) {
        return (in + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
    }
}
