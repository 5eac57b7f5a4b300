package dev.blocknas.supernet.train;

import dev.blocknas.layers.data.Augment;
import dev.blocknas.layers.data.ChannelStats;
import dev.blocknas.layers.data.Dataset;
import dev.blocknas.layers.data.Datasets;
import dev.blocknas.layers.data.Mnist;
import dev.blocknas.layers.data.Split;
import dev.blocknas.layers.data.Subset;

/** Ready-made tasks. */
public final class Tasks {
    private Tasks() {}

    /**
     * The embedded MNIST digits: 8,004 training images of which {@code heldOutFraction} (stratified) are held out
     * to rate candidates, and the 1,996 test digits.
     */
    public static Task mnist(double heldOutFraction, long seed) {
        Split split = Split.holdOut(Mnist.embeddedTrain(), heldOutFraction, seed);
        return new Task("mnist", split.train(), split.heldOut(), Mnist.embeddedTest(), ChannelStats.MNIST,
                Augment.identity());
    }

    /**
     * The embedded Fashion-MNIST images: 12,000 training images of which {@code heldOutFraction} (stratified) are
     * held out to rate candidates, and the complete 10,000-image test set.
     */
    public static Task fashion(double heldOutFraction, long seed) {
        Split split = Split.holdOut(Mnist.fashionTrain(), heldOutFraction, seed);
        return new Task("fashion", split.train(), split.heldOut(), Mnist.fashionTest(), ChannelStats.FASHION,
                Augment.identity());
    }

    /**
     * Any folder with the four standard IDX files (plain or .gz), e.g. the full MNIST or Fashion-MNIST; normalised by
     * the statistics of its training images.
     */
    public static Task idx(java.nio.file.Path dir, double heldOutFraction, long seed) {
        Dataset train = Mnist.fromDirectory(dir, true);
        Dataset test = Mnist.fromDirectory(dir, false);
        Split split = Split.holdOut(train, heldOutFraction, seed);
        return new Task("idx", split.train(), split.heldOut(), test,
                ChannelStats.of(Subset.range(train, 0, Math.min(10000, train.size()))), Augment.identity());
    }

    /** The embedded MNIST digits padded to 32x32 and repeated over three channels, for the CIFAR-sized space. */
    public static Task mnist32(double heldOutFraction, long seed) {
        Dataset train = Datasets.padTo32Rgb(Mnist.embeddedTrain());
        Split split = Split.holdOut(train, heldOutFraction, seed);
        Dataset test = Datasets.padTo32Rgb(Mnist.embeddedTest());
        return new Task("mnist32", split.train(), split.heldOut(), test, ChannelStats.of(split.train()),
                Augment.identity());
    }

    /** A task limited to the first {@code train} training, {@code heldOut} held-out and {@code test} test images. */
    public static Task limit(Task t, int train, int heldOut, int test) {
        return new Task(t.name(), Subset.range(t.train(), 0, Math.min(train, t.train().size())),
                Subset.range(t.heldOut(), 0, Math.min(heldOut, t.heldOut().size())),
                Subset.range(t.test(), 0, Math.min(test, t.test().size())), t.stats(), t.augment());
    }
}
