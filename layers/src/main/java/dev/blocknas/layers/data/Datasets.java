package dev.blocknas.layers.data;

/** Small helpers over {@link Dataset}s. */
public final class Datasets {

    private Datasets() {}

    /** MNIST-like 1x28x28 images centred on a 3x32x32 black canvas, grey replicated to RGB. */
    public static Dataset padTo32Rgb(Dataset source) {
        return Padded.of(source, 3, 32, 32);
    }

    /** How many samples each class has, indexed by label. */
    public static int[] labelCounts(Dataset dataset) {
        int[] counts = new int[dataset.numClasses()];
        for (int i = 0; i < dataset.size(); i++) {
            counts[dataset.label(i)]++;
        }
        return counts;
    }
}
