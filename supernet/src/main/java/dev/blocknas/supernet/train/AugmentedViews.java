package dev.blocknas.supernet.train;

import dev.blocknas.layers.data.Augment;
import dev.blocknas.layers.data.Batch;
import dev.blocknas.layers.data.ChannelStats;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * Randomly augmented views of images for self-supervised learning: a view of a batch of unnormalised images
 * is each image augmented on its own, then normalised for the network. The augmentation is a parameter
 * ({@link #forTask} picks one): shifts and pixel noise for digits, where a mirrored digit is another
 * symbol, and also horizontal flips for natural images.
 */
public final class AugmentedViews {
    private final Augment augment;
    private final Augment normalize;

    public AugmentedViews(Augment augment, ChannelStats stats) {
        this.augment = augment;
        this.normalize = Augment.normalize(stats);
    }

    /**
     * The views of a task: flips only for three-channel natural images (cifar10, cifar100, image folders);
     * the task's own training augmentation is not used.
     */
    public static AugmentedViews forTask(Task task) {
        int size = task.train().height();
        boolean natural = task.train().channels() == 3 && !task.name().startsWith("mnist")
                && !task.name().equals("synthetic");
        return new AugmentedViews(natural ? natural(size) : digits(size), task.stats());
    }

    /** Random shifts by up to an eighth of the image (zeros shifted in) and Gaussian pixel noise. */
    public static Augment digits(int size) {
        return Augment.compose(Augment.randomCrop(Math.max(1, size / 8)), noise(0.1f));
    }

    /** {@link #digits} plus horizontal flips. */
    public static Augment natural(int size) {
        return Augment.compose(Augment.randomCrop(Math.max(1, size / 8)), Augment.horizontalFlip(), noise(0.1f));
    }

    /** Adds Gaussian noise of standard deviation {@code sigma} (pixels in [0, 1]) to every pixel. */
    public static Augment noise(float sigma) {
        return (data, offset, c, h, w, rng) -> {
            for (int i = offset, end = offset + c * h * w; i < end; i++)
                data[i] += (float) (sigma * rng.nextGaussian());
        };
    }

    /**
     * View {@code view} of a batch of unnormalised images as a tensor [N, C, H, W]; image j's randomness is a
     * function of ({@code seed}, {@code view}, j) alone, so a resumed run draws the same views.
     */
    public Tensor view(Batch batch, int view, long seed, Device device) {
        int len = batch.sampleLength();
        float[] out = batch.images().clone();
        for (int j = 0; j < batch.n(); j++) {
            SplittableRandom rng = new SplittableRandom(Rng.mix(Rng.mix(seed + 0x9E3779B97F4A7C15L * (view + 1)) + j));
            augment.apply(out, j * len, batch.c(), batch.h(), batch.w(), rng);
            normalize.apply(out, j * len, batch.c(), batch.h(), batch.w(), rng);
        }
        return Tensor.of(device, out, batch.n(), batch.c(), batch.h(), batch.w());
    }
}
