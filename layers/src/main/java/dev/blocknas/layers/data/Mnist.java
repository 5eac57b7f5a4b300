package dev.blocknas.layers.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * MNIST-format data sets: 1x28x28 grey digits, 10 classes, read from IDX files.
 *
 * <p>{@link #embeddedTrain()} and {@link #embeddedTest()} return the 10,000 real MNIST digits
 * shipped in this jar (8,004 train, 1,996 test; see the resource folder's README);
 * {@link #fashionTrain()} and {@link #fashionTest()} the 22,000 Fashion-MNIST images (12,000 train,
 * the complete 10,000-image test set). They are decoded on first use and shared, which is safe
 * because data sets are immutable.
 */
public final class Mnist {

    /** Number of classes (digits 0 to 9). */
    public static final int CLASSES = 10;

    /** Class names of Fashion-MNIST, in label order. */
    public static final java.util.List<String> FASHION_CLASSES = java.util.List.of("T-shirt/top", "Trouser", "Pullover",
            "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Mnist() {}

    /** The 8,004 embedded training digits. */
    public static Dataset embeddedTrain() {
        return train();
    }

    /** The 1,996 embedded test digits. */
    public static Dataset embeddedTest() {
        return test();
    }

    /** The 12,000 embedded Fashion-MNIST training images (the first 12,000 of the official 60,000). */
    public static Dataset fashionTrain() {
        return memo("fashion22k", "train");
    }

    /** The complete Fashion-MNIST test set: 10,000 images, 1,000 a class. */
    public static Dataset fashionTest() {
        return memo("fashion22k", "t10k");
    }

    /**
     * Reads the standard MNIST file pair from {@code dir}: {@code train-images-idx3-ubyte} and
     * {@code train-labels-idx1-ubyte} (or the {@code t10k-} pair when {@code train} is false),
     * each raw or with a {@code .gz} suffix. Works for any data set in this layout with 10
     * classes, e.g. Fashion-MNIST.
     */
    public static Dataset fromDirectory(Path dir, boolean train) {
        String prefix = train ? "train" : "t10k";
        Path images = find(dir, prefix + "-images-idx3-ubyte", prefix);
        Path labels = find(dir, prefix + "-labels-idx1-ubyte", prefix);
        return build("mnist-" + (train ? "train" : "test"),
                IdxReader.readImages(images), IdxReader.readLabels(labels), null);
    }

    private static Path find(Path dir, String base, String prefix) {
        for (String candidate : new String[] {base, base + ".gz"}) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException("No such file: " + dir.resolve(base) + "[.gz] (expected the MNIST IDX files "
                + prefix + "-images-idx3-ubyte[.gz] and " + prefix + "-labels-idx1-ubyte[.gz] in " + dir + ").");
    }

    private static Dataset embedded(String folder, String prefix) {
        IdxReader.Images images = readResource(folder, prefix + "-images-idx3-ubyte.gz", IdxReader::readImages);
        IdxReader.Labels labels = readResource(folder, prefix + "-labels-idx1-ubyte.gz", IdxReader::readLabels);
        return build(folder + "-" + (prefix.equals("train") ? "train" : "test"), images, labels,
                folder.startsWith("fashion") ? FASHION_CLASSES : null);
    }

    private static <T> T readResource(String folder, String file, BiFunction<InputStream, String, T> reader) {
        String name = folder + "/" + file;
        try (InputStream in = Mnist.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new DataFormatException("No such classpath resource: dev/blocknas/layers/data/" + name
                        + " (the embedded " + folder + " files are missing from the jar).");
            }
            return reader.apply(in, file);
        } catch (IOException e) {
            throw new DataFormatException("Could not read classpath resource " + name + ": "
                    + DataFormatException.reason(e) + ".", e);
        }
    }

    private static Dataset build(String name, IdxReader.Images images, IdxReader.Labels labels,
                                 List<String> classNames) {
        if (images.count() != labels.count()) {
            throw new DataFormatException(images.source() + " holds " + images.count() + " images but "
                    + labels.source() + " holds " + labels.count() + " labels.");
        }
        int[] ints = new int[labels.count()];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = labels.labels()[i] & 0xFF;
            if (ints[i] >= CLASSES) {
                throw new DataFormatException(labels.source() + " has label " + ints[i] + " at index " + i
                        + ", but MNIST labels must be 0 to 9.");
            }
        }
        return new ByteImages(name, 1, images.rows(), images.cols(), CLASSES, images.pixels(), ints, classNames);
    }

    // Memoised rather than a holder class: a failed decode then surfaces as the DataFormatException
    // on every call instead of an ExceptionInInitializerError followed by NoClassDefFoundError.
    private static final java.util.Map<String, Dataset> DECODED = new java.util.HashMap<>();

    private static synchronized Dataset memo(String folder, String prefix) {
        Dataset d = DECODED.get(folder + "/" + prefix);
        if (d == null) {
            d = embedded(folder, prefix);
            DECODED.put(folder + "/" + prefix, d);
        }
        return d;
    }

    private static Dataset train() {
        return memo("mnist10k", "train");
    }

    private static Dataset test() {
        return memo("mnist10k", "t10k");
    }
}
