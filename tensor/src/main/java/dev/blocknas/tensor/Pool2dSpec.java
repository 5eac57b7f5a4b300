package dev.blocknas.tensor;

/** Geometry of 2-D window pooling with a square window. */
public record Pool2dSpec(int kernel, int stride, int padding) {
    public Pool2dSpec {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2) {
            throw new ShapeException(
                    "invalid pooling: kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
    }

    /** Output size of one spatial axis of input size {@code in}. */
    public int out(int in) {
        return (in + 2 * padding - kernel) / stride + 1;
    }
}
