package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarTest {

    @TempDir
    Path dir;

    /** Record r of a file: label bytes, then pixel k = (r * 31 + k) mod 256. */
    private static byte[] records(int count, int seed, int... labels) {
        int labelBytes = labels.length / count;
        int rec = labelBytes + Cifar.PIXELS;
        byte[] b = new byte[count * rec];
        for (int r = 0; r < count; r++) {
            for (int l = 0; l < labelBytes; l++) {
                b[r * rec + l] = (byte) labels[r * labelBytes + l];
            }
            for (int k = 0; k < Cifar.PIXELS; k++) {
                b[r * rec + labelBytes + k] = (byte) (seed + r * 31 + k);
            }
        }
        return b;
    }

    private static float pixel(Dataset d, int i, int c, int y, int x) {
        float[] img = new float[d.imageLength()];
        d.image(i, img, 0);
        return img[(c * 32 + y) * 32 + x];
    }

    @Test
    void readsCifar10TrainBatchesInOrderAndTheTestBatch() {
        for (int b = 1; b <= 5; b++) {
            IdxFiles.write(dir.resolve("data_batch_" + b + ".bin"), records(2, b, b, 9 - b));
        }
        IdxFiles.write(dir.resolve("test_batch.bin"), records(3, 100, 4, 5, 6));
        Dataset train = Cifar.cifar10(dir, true);
        assertEquals(10, train.size());
        assertEquals(3, train.channels());
        assertEquals(32, train.height());
        assertEquals(10, train.numClasses());
        assertEquals(3, train.label(4)); // batch 3, record 0
        assertEquals(6, train.label(5)); // batch 3, record 1
        // Sample 5 = batch 3 record 1; its pixel (c=2, y=1, x=3) is byte 2*1024 + 35 of the record.
        assertEquals(((3 + 31 + 2 * 1024 + 35) & 0xFF) / 255f, pixel(train, 5, 2, 1, 3));
        Dataset test = Cifar.cifar10(dir, false);
        assertEquals(3, test.size());
        assertEquals(6, test.label(2));
        assertEquals(((100 + 62) & 0xFF) / 255f, pixel(test, 2, 0, 0, 0));
    }

    @Test
    void readsCifar100FineLabelsFromTheUnpackedFolder() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("cifar-100-binary"));
        // (coarse, fine) pairs
        IdxFiles.write(sub.resolve("train.bin"), records(3, 0, 19, 99, 0, 42, 7, 3));
        Dataset d = Cifar.cifar100(dir, true);
        assertEquals(100, d.numClasses());
        assertEquals(3, d.size());
        assertEquals(99, d.label(0));
        assertEquals(42, d.label(1));
        assertEquals(3, d.label(2));
        assertEquals(((62 + 5) & 0xFF) / 255f, pixel(d, 2, 0, 0, 5));
    }

    @Test
    void rejectsFilesThatAreNotWholeRecords() {
        IdxFiles.write(dir.resolve("test.bin"), records(2, 0, 1, 2)); // CIFAR-10 records: 3073 bytes, not 3074
        var e = assertThrows(DataFormatException.class, () -> Cifar.cifar100(dir, false));
        assertEquals(dir.resolve("test.bin") + " is not a CIFAR-100 binary file: its size of 6146 bytes is not a "
                + "positive multiple of the 3074-byte record.", e.getMessage());
    }

    @Test
    void rejectsOutOfRangeLabels() {
        IdxFiles.write(dir.resolve("test_batch.bin"), records(2, 0, 1, 57));
        var e = assertThrows(DataFormatException.class, () -> Cifar.cifar10(dir, false));
        assertEquals(dir.resolve("test_batch.bin") + " has label 57 in record 1, but labels must be below 10 "
                + "(is this the other CIFAR variant?).", e.getMessage());
    }

    @Test
    void namesTheMissingBatch() {
        IdxFiles.write(dir.resolve("data_batch_1.bin"), records(1, 0, 1));
        var e = assertThrows(DataFormatException.class, () -> Cifar.cifar10(dir, true));
        assertEquals("No such file: " + dir.resolve("data_batch_2.bin") + " (expected the CIFAR-10 binary batches "
                + "data_batch_1.bin ... data_batch_5.bin and test_batch.bin).", e.getMessage());
    }
}
