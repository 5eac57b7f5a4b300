package dev.blocknas.layers.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A view that centres each image of another data set on a larger zero (black) canvas and
 * optionally replicates a grey channel, e.g. MNIST as 3x32x32 so that a search space built for
 * CIFAR-sized inputs can run on it.
 */
public final class Padded implements Dataset {

    private final Dataset source;
    private final int channels;
    private final int height;
    private final int width;
    private final int top;
    private final int left;

    private Padded(Dataset source, int channels, int height, int width) {
        this.source = Objects.requireNonNull(source);
        if (height < source.height() || width < source.width()) {
            throw new IllegalArgumentException("cannot pad " + source.height() + "x" + source.width()
                    + " images down to " + height + "x" + width);
        }
        if (channels != source.channels() && source.channels() != 1) {
            throw new IllegalArgumentException("can only replicate 1 channel, not " + source.channels()
                    + ", to " + channels);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.top = (height - source.height()) / 2;
        this.left = (width - source.width()) / 2;
    }

    /** Pads {@code source} to {@code height x width}; {@code channels} is its own or, for grey sources, any count. */
    public static Padded of(Dataset source, int channels, int height, int width) {
        return new Padded(source, channels, height, width);
    }

    /** The underlying data set. */
    public Dataset source() {
        return source;
    }

    @Override
    public int size() { return source.size(); }
    @Override
    public int channels() { return channels; }
    @Override
    public int height() { return height; }
    @Override
    public int width() { return width; }
    @Override
    public int numClasses() { return source.numClasses(); }
    @Override
    public java.util.List<String> classNames() { return source.classNames(); }
    @Override
    public String name() { return source.name() + "-pad" + channels + "x" + height + "x" + width; }
    @Override
    public int label(int i) { return source.label(i); }

    @Override
    public void image(int i, float[] dst, int offset) {
        int sc = source.channels();
        int sh = source.height();
        int sw = source.width();
        // Read the source into the front of dst, then spread its rows out in place. Going backwards
        // is safe: every row moves to an index at or after its own, past all rows not yet moved.
        source.image(i, dst, offset);
        for (int c = sc - 1; c >= 0; c--) {
            for (int y = sh - 1; y >= 0; y--) {
                System.arraycopy(dst, offset + (c * sh + y) * sw,
                        dst, offset + (c * height + y + top) * width + left, sw);
            }
        }
        for (int c = 0; c < sc; c++) {
            int plane = offset + c * height * width;
            Arrays.fill(dst, plane, plane + top * width, 0f);
            for (int y = top; y < top + sh; y++) {
                int row = plane + y * width;
                Arrays.fill(dst, row, row + left, 0f);
                Arrays.fill(dst, row + left + sw, row + width, 0f);
            }
            Arrays.fill(dst, plane + (top + sh) * width, plane + height * width, 0f);
        }
        int planeLength = height * width;
        for (int c = sc; c < channels; c++) {
            System.arraycopy(dst, offset, dst, offset + c * planeLength, planeLength);
        }
    }

    @Override
    public String toString() {
        return name() + " (" + size() + " images)";
    }
}
