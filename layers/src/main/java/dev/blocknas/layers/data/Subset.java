package dev.blocknas.layers.data;

import java.util.Objects;

/** A view of chosen samples of another data set, in the given order. */
public final class Subset implements Dataset {

    private final Dataset source;
    private final int[] indices;
    private final String name;

    private Subset(Dataset source, int[] indices, String name) {
        this.source = Objects.requireNonNull(source);
        this.indices = indices.clone();
        this.name = Objects.requireNonNull(name);
        for (int i : this.indices) {
            Objects.checkIndex(i, source.size());
        }
    }

    /** Samples {@code indices} of {@code source} (the array is copied); {@code name} labels the view. */
    public static Subset of(Dataset source, int[] indices, String name) {
        return new Subset(source, indices, name);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive) of {@code source}. */
    public static Subset range(Dataset source, int from, int to) {
        Objects.checkFromToIndex(from, to, source.size());
        int[] idx = new int[to - from];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = from + k;
        }
        return new Subset(source, idx, source.name() + "[" + from + ":" + to + "]");
    }

    /** The underlying data set. */
    public Dataset source() {
        return source;
    }

    /** The source index of each sample of this view (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** The source index of sample {@code i} of this view. */
    public int sourceIndex(int i) {
        return indices[Objects.checkIndex(i, indices.length)];
    }

    @Override
    public int size() { return indices.length; }
    @Override
    public int channels() { return source.channels(); }
    @Override
    public int height() { return source.height(); }
    @Override
    public int width() { return source.width(); }
    @Override
    public int numClasses() { return source.numClasses(); }
    @Override
    public java.util.List<String> classNames() { return source.classNames(); }
    @Override
    public String name() { return name; }
    @Override
    public int label(int i) { return source.label(sourceIndex(i)); }
    @Override
    public void image(int i, float[] dst, int offset) { source.image(sourceIndex(i), dst, offset); }

    @Override
    public String toString() {
        return name + " (" + size() + " of " + source.size() + " images of " + source.name() + ")";
    }
}
