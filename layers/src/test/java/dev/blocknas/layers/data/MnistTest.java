package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    @TempDir
    Path dir;

    @Test
    void embeddedSetsHaveTheDocumentedSizesAndShape() {
        Dataset train = Mnist.embeddedTrain();
        Dataset test = Mnist.embeddedTest();
        assertEquals(8004, train.size());
        assertEquals(1996, test.size());
        for (Dataset d : new Dataset[] {train, test}) {
            assertEquals(1, d.channels());
            assertEquals(28, d.height());
            assertEquals(28, d.width());
            assertEquals(10, d.numClasses());
        }
        assertSame(train, Mnist.embeddedTrain(), "decoded once and shared");
    }

    @Test
    void everyClassAppearsAndLabelsAreInRange() {
        for (Dataset d : new Dataset[] {Mnist.embeddedTrain(), Mnist.embeddedTest()}) {
            int[] counts = Datasets.labelCounts(d); // throws if a label is out of range
            for (int c = 0; c < 10; c++) {
                assertTrue(counts[c] > d.size() / 20, d.name() + " class " + c + " has only " + counts[c]);
            }
        }
        // Pinned from the README's split rule: every fifth digit of each class went to the test set.
        assertArrayEquals(new int[] {200, 225, 198, 206, 196, 172, 202, 214, 188, 195},
                Datasets.labelCounts(Mnist.embeddedTest()));
    }

    @Test
    void pixelsAreInUnitRangeAndUseIt() {
        Dataset d = Mnist.embeddedTest();
        float[] img = new float[784];
        float min = 1;
        float max = 0;
        for (int i = 0; i < d.size(); i++) {
            d.image(i, img, 0);
            for (float v : img) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void firstImagesMatchPinnedChecksums() {
        // Byte sums of image 0, computed once from the resource files with an independent reader.
        assertEquals(20487, byteSum(Mnist.embeddedTrain(), 0));
        assertEquals(7, Mnist.embeddedTrain().label(0));
        assertEquals(30096, byteSum(Mnist.embeddedTest(), 0));
        assertEquals(8, Mnist.embeddedTest().label(0));
    }

    @Test
    void fromDirectoryReadsRawAndGzippedStandardNames() throws IOException {
        copyResource("t10k-images-idx3-ubyte.gz", dir.resolve("t10k-images-idx3-ubyte.gz"), false);
        copyResource("t10k-labels-idx1-ubyte.gz", dir.resolve("t10k-labels-idx1-ubyte"), true);
        Dataset d = Mnist.fromDirectory(dir, false);
        assertEquals(1996, d.size());
        assertEquals(30096, byteSum(d, 0));
        assertEquals(Mnist.embeddedTest().label(1995), d.label(1995));
    }

    @Test
    void fromDirectoryNamesMissingFiles() {
        var e = assertThrows(DataFormatException.class, () -> Mnist.fromDirectory(dir, true));
        assertEquals("No such file: " + dir.resolve("train-images-idx3-ubyte") + "[.gz] (expected the MNIST IDX files "
                + "train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] in " + dir + ").", e.getMessage());
    }

    @Test
    void rejectsImageAndLabelCountMismatch() {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(3, 28, 28, new byte[3 * 784]));
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(2, new byte[] {1, 2})));
        var e = assertThrows(DataFormatException.class, () -> Mnist.fromDirectory(dir, true));
        assertEquals(dir.resolve("train-images-idx3-ubyte") + " holds 3 images but "
                + dir.resolve("train-labels-idx1-ubyte.gz") + " holds 2 labels.", e.getMessage());
    }

    @Test
    void rejectsLabelsBeyondNine() {
        IdxFiles.write(dir.resolve("train-images-idx3-ubyte"), IdxFiles.images(2, 28, 28, new byte[2 * 784]));
        IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(2, new byte[] {3, 12}));
        var e = assertThrows(DataFormatException.class, () -> Mnist.fromDirectory(dir, true));
        assertEquals(
                dir.resolve("train-labels-idx1-ubyte") + " has label 12 at index 1, but MNIST labels must be 0 to 9.",
                e.getMessage());
    }

    static long byteSum(Dataset d, int i) {
        float[] img = new float[d.imageLength()];
        d.image(i, img, 0);
        long s = 0;
        for (float v : img) {
            s += Math.round(v * 255);
        }
        return s;
    }

    private static void copyResource(String name, Path to, boolean gunzip) throws IOException {
        try (InputStream in = Mnist.class.getResourceAsStream("mnist10k/" + name)) {
            Files.write(to, gunzip ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes());
        }
    }
}
