package dev.blocknas.nas.run;

import dev.blocknas.layers.data.Augment;
import dev.blocknas.layers.data.ChannelStats;
import dev.blocknas.layers.data.Cifar;
import dev.blocknas.layers.data.Dataset;
import dev.blocknas.layers.data.ImageFolder;
import dev.blocknas.layers.data.Split;
import dev.blocknas.layers.data.Subset;
import dev.blocknas.layers.data.Synthetic;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.Tasks;

import java.nio.file.Files;
import java.nio.file.Path;

/** Turns a {@code --data} choice into a {@link Task} that fits a search space. */
public final class DataSources {
    /** The forms {@code --data} accepts. */
    public static final String FORMS = "mnist, fashion, idx:DIR (the four MNIST-format IDX files), mnist32, cifar10:DIR, cifar100:DIR, folder:DIR (with train/ and val/), synthetic";

    private DataSources() {}

    /**
     * The task of {@code spec} for {@code space}.
     *
     * @throws IllegalArgumentException with one sentence when the choice is unknown or does not fit the space
     */
    public static Task task(String spec, SearchSpace space, double heldOut, long seed) {
        Task t;
        if (spec.equals("mnist")) {
            t = Tasks.mnist(heldOut, seed);
        } else if (spec.equals("fashion")) {
            t = Tasks.fashion(heldOut, seed);
        } else if (spec.startsWith("idx:")) {
            Path dir = Path.of(spec.substring("idx:".length()));
            if (!Files.isDirectory(dir))
                throw new IllegalArgumentException(
                        "No such folder: " + dir + " (idx:DIR needs a folder with the four IDX files).");
            t = Tasks.idx(dir, heldOut, seed);
        } else if (spec.equals("mnist32")) {
            t = Tasks.mnist32(heldOut, seed);
        } else if (spec.equals("synthetic")) {
            Dataset all = Synthetic.of(6000, space.inChannels(), space.resolution(), space.resolution(),
                    space.numClasses(), seed);
            Split trainTest = Split.holdOut(all, 1.0 / 6, seed + 1);
            Split split = Split.holdOut(trainTest.train(), heldOut, seed);
            t = new Task("synthetic", split.train(), split.heldOut(), trainTest.heldOut(),
                    ChannelStats.of(split.train()), Augment.identity());
        } else if (spec.startsWith("cifar10:") || spec.startsWith("cifar100:")) {
            boolean hundred = spec.startsWith("cifar100:");
            Path dir = Path.of(spec.substring(spec.indexOf(':') + 1));
            Dataset train = hundred ? Cifar.cifar100(dir, true) : Cifar.cifar10(dir, true);
            Dataset test = hundred ? Cifar.cifar100(dir, false) : Cifar.cifar10(dir, false);
            Split split = Split.holdOut(train, heldOut, seed);
            t = new Task(hundred ? "cifar100" : "cifar10", split.train(), split.heldOut(), test,
                    hundred ? ChannelStats.CIFAR100 : ChannelStats.CIFAR10,
                    Augment.compose(Augment.randomCrop(4), Augment.horizontalFlip()));
        } else if (spec.startsWith("folder:")) {
            Path dir = Path.of(spec.substring("folder:".length()));
            Path trainDir = dir.resolve("train");
            Path valDir = Files.isDirectory(dir.resolve("val")) ? dir.resolve("val") : dir.resolve("test");
            if (!Files.isDirectory(trainDir) || !Files.isDirectory(valDir)) {
                throw new IllegalArgumentException("The image folder " + dir
                        + " needs train/ and val/ (or test/) sub-folders, one folder per class in each.");
            }
            int res = space.resolution();
            ImageFolder train = ImageFolder.open(trainDir, res);
            ImageFolder test = ImageFolder.open(valDir, res);
            train.checkHeaders();
            test.checkHeaders();
            Split split = Split.holdOut(train, heldOut, seed);
            t = new Task("folder", split.train(), split.heldOut(), test,
                    ChannelStats.of(Subset.range(train, 0, Math.min(2000, train.size()))),
                    Augment.horizontalFlip());
        } else {
            throw new IllegalArgumentException("Unknown data set \"" + spec + "\": use " + FORMS + ".");
        }
        check(t, space, spec);
        return t;
    }

    private static void check(Task t, SearchSpace space, String spec) {
        Dataset d = t.train();
        if (d.channels() != space.inChannels() || d.height() != space.resolution() || d.width() != space.resolution()) {
            throw new IllegalArgumentException(
                    "The " + spec + " images are " + d.channels() + "x" + d.height() + "x" + d.width()
                            + " but the " + space.name() + " space expects " + space.inChannels() + "x"
                            + space.resolution() + "x"
                            + space.resolution()
                            + (space.resolution() == 32 && d.height() == 28 ? ": use --data mnist32." : "."));
        }
        if (d.numClasses() > space.numClasses()) {
            throw new IllegalArgumentException(
                    "The " + spec + " data has " + d.numClasses() + " classes but the " + space.name()
                            + " space classifies " + space.numClasses() + ".");
        }
    }

    /** The task limited to {@code train} training images (0: all). */
    public static Task limit(Task t, int train) {
        return train <= 0 ? t : Tasks.limit(t, train, t.heldOut().size(), t.test().size());
    }
}
