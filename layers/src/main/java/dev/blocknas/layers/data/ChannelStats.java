package dev.blocknas.layers.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixel values in {@code [0, 1]}, for normalisation.
 *
 * @param mean per-channel mean
 * @param std  per-channel standard deviation
 */
public record ChannelStats(float[] mean, float[] std) {

    /** The customary MNIST statistics (of the full 60,000-image training set). */
    public static final ChannelStats MNIST = new ChannelStats(new float[] {0.1307f}, new float[] {0.3081f});
    /** The customary Fashion-MNIST statistics (of the full 60,000-image training set). */
    public static final ChannelStats FASHION = new ChannelStats(new float[] {0.2860f}, new float[] {0.3530f});
    /** The customary CIFAR-10 training-set statistics. */
    public static final ChannelStats CIFAR10 = new ChannelStats(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    /** The customary CIFAR-100 training-set statistics. */
    public static final ChannelStats CIFAR100 = new ChannelStats(
            new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f});
    /** The customary ImageNet statistics. */
    public static final ChannelStats IMAGENET = new ChannelStats(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

    /** Copies the arrays so that the shared constants cannot be modified. */
    public ChannelStats {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " channels but std has " + std.length);
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Per-channel means (a copy). */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviations (a copy). */
    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * Measures the statistics of a data set (population standard deviation over all pixels of
     * all images); e.g. for MNIST padded to 32x32, whose extra black border lowers the mean.
     */
    public static ChannelStats of(Dataset dataset) {
        int c = dataset.channels();
        int plane = dataset.height() * dataset.width();
        double[] sum = new double[c];
        double[] sumSq = new double[c];
        float[] img = new float[dataset.imageLength()];
        for (int i = 0; i < dataset.size(); i++) {
            dataset.image(i, img, 0);
            for (int k = 0; k < c; k++) {
                double s = 0;
                double q = 0;
                for (int p = k * plane; p < (k + 1) * plane; p++) {
                    s += img[p];
                    q += (double) img[p] * img[p];
                }
                sum[k] += s;
                sumSq[k] += q;
            }
        }
        double count = (double) dataset.size() * plane;
        float[] mean = new float[c];
        float[] std = new float[c];
        for (int k = 0; k < c; k++) {
            double m = sum[k] / count;
            mean[k] = (float) m;
            std[k] = (float) Math.sqrt(Math.max(0, sumSq[k] / count - m * m));
        }
        return new ChannelStats(mean, std);
    }

    @Override
    public String toString() {
        return "ChannelStats[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
