package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsRawAndGzipAlikeWhateverTheFileName() {
        byte[] pixels = IdxFiles.ramp(3 * 2 * 4, 7);
        byte[] raw = IdxFiles.images(3, 2, 4, pixels);
        // Compression is detected from content, so a misleading name must not matter.
        Path plain = IdxFiles.write(dir.resolve("a.gz"), raw);
        Path packed = IdxFiles.write(dir.resolve("b.idx"), IdxFiles.gzip(raw));
        for (Path p : new Path[] {plain, packed}) {
            IdxReader.Images img = IdxReader.readImages(p);
            assertEquals(3, img.count());
            assertEquals(2, img.rows());
            assertEquals(4, img.cols());
            assertArrayEquals(pixels, img.pixels());
        }
    }

    @Test
    void ignoresTrailingBytes() {
        byte[] raw = IdxFiles.labels(3, new byte[] {1, 2, 3});
        byte[] padded = Arrays.copyOf(raw, raw.length + 5);
        IdxReader.Labels labels = IdxReader.readLabels(IdxFiles.write(dir.resolve("l"), IdxFiles.gzip(padded)));
        assertArrayEquals(new byte[] {1, 2, 3}, labels.labels());
    }

    @Test
    void rejectsWrongMagicNamingTheFile() {
        byte[] labelFile = IdxFiles.labels(2, new byte[] {0, 1});
        Path p = IdxFiles.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxFiles.gzip(labelFile));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(p));
        assertEquals(p
                + " is not an IDX image file: magic number 0x00000801 (that of an IDX label file), expected 0x00000803.",
                e.getMessage());
    }

    @Test
    void rejectsWrongDimensionCount() {
        // 0x0802: unsigned bytes but two dimensions, e.g. a single image rather than a stack.
        byte[] twoDims = ByteBuffer.allocate(12 + 4).putInt(0x00000802).putInt(2).putInt(2).put(new byte[4]).array();
        Path p = IdxFiles.write(dir.resolve("x-images"), twoDims);
        var e = assertThrows(DataFormatException.class, () -> IdxReader.readImages(p));
        assertEquals(p + " is not an IDX image file: magic number 0x00000802, expected 0x00000803.", e.getMessage());
    }

    @Test
    void reportsTruncatedLabelsWithCounts() {
        byte[] raw = IdxFiles.labels(1996, new byte[1500]);
        Path p = IdxFiles.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(raw));
        var e = assertThrows(DataFormatException.class, () -> IdxReader.readLabels(p));
        assertEquals(p + " is truncated: header promises 1996 labels but only 1500 bytes follow.", e.getMessage());
    }

    @Test
    void reportsTruncatedImagesInRawAndBrokenGzipFiles() {
        byte[] raw = IdxFiles.images(10, 28, 28, IdxFiles.ramp(10 * 784, 0));
        byte[] cut = Arrays.copyOf(raw, 16 + 5 * 784);
        var e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(IdxFiles.write(dir.resolve("raw"), cut)));
        assertEquals(
                dir.resolve("raw")
                        + " is truncated: header promises 10 images of 28x28 (7840 bytes) but only 3920 bytes follow.",
                e.getMessage());

        // A gzip stream cut short ends with an EOFException inside the inflater, not a clean end.
        byte[] gz = IdxFiles.gzip(raw);
        Path p = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        var e2 = assertThrows(DataFormatException.class, () -> IdxReader.readImages(p));
        assertTrue(e2.getMessage().startsWith(p + " is truncated: header promises 10 images"), e2.getMessage());
    }

    @Test
    void reportsHeaderProblems() {
        Path empty = IdxFiles.write(dir.resolve("empty"), new byte[0]);
        assertEquals(empty + " is empty.",
                assertThrows(DataFormatException.class, () -> IdxReader.readLabels(empty)).getMessage());

        Path shortHeader = IdxFiles.write(dir.resolve("short"),
                Arrays.copyOf(IdxFiles.images(1, 1, 1, new byte[1]), 10));
        assertEquals(shortHeader + " is truncated: it ends inside its 16-byte IDX header after 10 bytes.",
                assertThrows(DataFormatException.class, () -> IdxReader.readImages(shortHeader)).getMessage());

        Path zeroRows = IdxFiles.write(dir.resolve("zero"), IdxFiles.images(1, 0, 5, new byte[0]));
        assertEquals(zeroRows + " has an invalid header: dimension 1 has size 0.",
                assertThrows(DataFormatException.class, () -> IdxReader.readImages(zeroRows)).getMessage());

        Path missing = dir.resolve("nope");
        assertEquals("No such file: " + missing + ".",
                assertThrows(DataFormatException.class, () -> IdxReader.readImages(missing)).getMessage());
    }
}
