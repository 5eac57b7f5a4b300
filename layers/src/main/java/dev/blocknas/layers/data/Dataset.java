package dev.blocknas.layers.data;

/**
 * A fixed, indexable set of labelled images of one shape.
 *
 * <p>Images are read as CHW floats in {@code [0, 1]} (before any normalisation). Implementations
 * must be safe for concurrent reads, because {@link DataLoader} workers call {@link #image} and
 * {@link #label} from several threads at once.
 */
public interface Dataset {

    /** Number of samples. */
    int size();

    /** Channels per image (1 for grey, 3 for RGB). */
    int channels();

    /** Image height in pixels. */
    int height();

    /** Image width in pixels. */
    int width();

    /** Number of classes; every label lies in {@code [0, numClasses())}. */
    int numClasses();

    /** Short human-readable name, for logs and run records. */
    String name();

    /** The class of sample {@code i}. */
    int label(int i);

    /**
     * Writes sample {@code i} as {@code channels()*height()*width()} CHW floats in {@code [0, 1]}
     * into {@code dst} starting at {@code offset}.
     */
    void image(int i, float[] dst, int offset);

    /**
     * The name of each class, in label order; the label numbers ("0", "1", ...) unless the data set knows
     * better. Saved with trained weights so that a prediction can be reported by name.
     */
    default java.util.List<String> classNames() {
        java.util.List<String> names = new java.util.ArrayList<>(numClasses());
        for (int c = 0; c < numClasses(); c++) names.add(Integer.toString(c));
        return java.util.List.copyOf(names);
    }

    /** Floats per image: {@code channels() * height() * width()}. */
    default int imageLength() {
        return channels() * height() * width();
    }
}
