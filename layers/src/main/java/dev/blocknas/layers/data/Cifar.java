package dev.blocknas.layers.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 and CIFAR-100 in their binary distributions: 3x32x32 RGB images, stored as records of
 * label byte(s) followed by 3,072 pixel bytes already in CHW order.
 *
 * <p>{@code dir} may be the folder holding the {@code .bin} files or its parent, where the
 * archives unpack to {@code cifar-10-batches-bin/} and {@code cifar-100-binary/}.
 */
public final class Cifar {

    /** Pixel bytes per record: 3 channels of 32x32. */
    public static final int PIXELS = 3 * 32 * 32;

    private static final String[] CIFAR10_TRAIN = {
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"};
    private static final String[] CIFAR10_TEST = {"test_batch.bin"};

    /** Class names of CIFAR-10, in label order. */
    public static final List<String> CIFAR10_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog",
            "horse", "ship", "truck");

    private Cifar() {}

    /** CIFAR-10: 50,000 training images from {@code data_batch_1..5.bin} or 10,000 from {@code test_batch.bin}. */
    public static Dataset cifar10(Path dir, boolean train) {
        Path base = locate(dir, "cifar-10-batches-bin", "data_batch_1.bin");
        return read("cifar10-" + (train ? "train" : "test"), base, train ? CIFAR10_TRAIN : CIFAR10_TEST,
                1, 10, "the CIFAR-10 binary batches data_batch_1.bin ... data_batch_5.bin and test_batch.bin");
    }

    /** CIFAR-100 with its 100 fine labels: {@code train.bin} (50,000) or {@code test.bin} (10,000). */
    public static Dataset cifar100(Path dir, boolean train) {
        Path base = locate(dir, "cifar-100-binary", "train.bin");
        return read("cifar100-" + (train ? "train" : "test"), base, new String[] {train ? "train.bin" : "test.bin"},
                2, 100, "the CIFAR-100 binary files train.bin and test.bin");
    }

    private static Path locate(Path dir, String unpacked, String probe) {
        Path nested = dir.resolve(unpacked);
        return !Files.exists(dir.resolve(probe)) && Files.isDirectory(nested) ? nested : dir;
    }

    private static Dataset read(String name, Path dir, String[] files, int labelBytes, int classes, String expected) {
        int record = labelBytes + PIXELS;
        List<byte[]> contents = new ArrayList<>();
        long total = 0;
        for (String f : files) {
            Path file = dir.resolve(f);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new DataFormatException("No such file: " + file + " (expected " + expected + ").", e);
            } catch (IOException e) {
                throw new DataFormatException("Could not read " + file + ": " + DataFormatException.reason(e) + ".", e);
            }
            if (bytes.length % record != 0 || bytes.length == 0) {
                throw new DataFormatException(file + " is not a " + (classes == 10 ? "CIFAR-10" : "CIFAR-100")
                        + " binary file: its size of " + bytes.length + " bytes is not a positive multiple of the "
                        + record + "-byte record.");
            }
            contents.add(bytes);
            total += bytes.length / record;
        }
        if (total * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(dir + " holds " + total + " images, more than one array can hold.");
        }
        byte[] pixels = new byte[(int) total * PIXELS];
        int[] labels = new int[(int) total];
        int n = 0;
        for (int f = 0; f < files.length; f++) {
            byte[] bytes = contents.get(f);
            contents.set(f, null); // let each file go as soon as it is copied
            for (int r = 0; r < bytes.length / record; r++, n++) {
                int at = r * record;
                // CIFAR-100 records start with the coarse label; the fine one is the last label byte.
                int label = bytes[at + labelBytes - 1] & 0xFF;
                if (label >= classes) {
                    throw new DataFormatException(dir.resolve(files[f]) + " has label " + label + " in record " + r
                            + ", but labels must be below " + classes + " (is this the other CIFAR variant?).");
                }
                labels[n] = label;
                System.arraycopy(bytes, at + labelBytes, pixels, n * PIXELS, PIXELS);
            }
        }
        return new ByteImages(name, 3, 32, 32, classes, pixels, labels, classes == 10 ? CIFAR10_CLASSES : null);
    }
}
