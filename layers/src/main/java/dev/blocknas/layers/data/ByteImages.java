package dev.blocknas.layers.data;

import java.util.Objects;

/**
 * An in-memory data set whose images are one contiguous array of unsigned bytes (CHW per image),
 * a quarter of the memory of floats; conversion happens on read.
 */
final class ByteImages implements Dataset {

    private final String name;
    private final int channels;
    private final int height;
    private final int width;
    private final int numClasses;
    private final byte[] pixels;
    private final int[] labels;
    private final java.util.List<String> classNames;

    ByteImages(String name, int channels, int height, int width, int numClasses, byte[] pixels, int[] labels) {
        this(name, channels, height, width, numClasses, pixels, labels, null);
    }

    /** With the classes' names ({@code null}: the label numbers). */
    ByteImages(String name, int channels, int height, int width, int numClasses, byte[] pixels, int[] labels,
               java.util.List<String> classNames) {
        this.name = Objects.requireNonNull(name);
        this.classNames = classNames == null ? null : java.util.List.copyOf(classNames);
        if (classNames != null && classNames.size() != numClasses) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + numClasses + " classes");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
        this.pixels = pixels;
        this.labels = labels;
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixel array length " + pixels.length
                    + " does not match " + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
    }

    @Override
    public int size() { return labels.length; }
    @Override
    public int channels() { return channels; }
    @Override
    public int height() { return height; }
    @Override
    public int width() { return width; }
    @Override
    public int numClasses() { return numClasses; }
    @Override
    public java.util.List<String> classNames() { return classNames == null ? Dataset.super.classNames() : classNames; }
    @Override
    public String name() { return name; }

    @Override
    public int label(int i) {
        return labels[Objects.checkIndex(i, labels.length)];
    }

    @Override
    public void image(int i, float[] dst, int offset) {
        int n = imageLength();
        Pixels.toUnit(pixels, Objects.checkIndex(i, labels.length) * n, dst, offset, n);
    }

    @Override
    public String toString() {
        return name + " (" + size() + " images, " + channels + "x" + height + "x" + width + ", "
                + numClasses + " classes)";
    }
}
