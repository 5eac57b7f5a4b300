package dev.blocknas.layers.data;

/**
 * A mini-batch of samples on the host.
 *
 * @param images {@code n*c*h*w} floats in NCHW order (exactly that length)
 * @param labels {@code n} class indices
 * @param n      samples in this batch (the last batch of an epoch may be smaller)
 * @param c      channels
 * @param h      height
 * @param w      width
 * @param index  position of this batch within its epoch, from 0
 */
public record Batch(float[] images, int[] labels, int n, int c, int h, int w, int index) {

    /** Checks that the arrays match the shape. */
    public Batch {
        if (n < 0 || c < 1 || h < 1 || w < 1 || index < 0) {
            throw new IllegalArgumentException("invalid batch shape " + n + "x" + c + "x" + h + "x" + w + " #" + index);
        }
        if (images.length != (long) n * c * h * w || labels.length != n) {
            throw new IllegalArgumentException(
                    "batch " + n + "x" + c + "x" + h + "x" + w + " needs " + (long) n * c * h * w
                            + " floats and " + n + " labels, got " + images.length + " and " + labels.length);
        }
    }

    /** Floats per sample: {@code c * h * w}. */
    public int sampleLength() {
        return c * h * w;
    }

    @Override
    public String toString() {
        return "Batch[#" + index + ", " + n + "x" + c + "x" + h + "x" + w + "]";
    }
}
