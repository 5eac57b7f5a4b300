package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path root;

    private static void png(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static BufferedImage grey(int w, int h, int value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, value);
            }
        }
        return img;
    }

    private static float[] image(Dataset d, int i) {
        float[] img = new float[d.imageLength()];
        d.image(i, img, 0);
        return img;
    }

    @Test
    void classesAreSortedFolderNamesAndImagesAreCroppedSquares() throws IOException {
        png(root.resolve("zebra/1.png"), solid(40, 20, 0xFF0000));
        png(root.resolve("ant/b.png"), solid(20, 30, 0x00FF00));
        png(root.resolve("ant/a.PNG"), solid(16, 16, 0x0000FF));
        Files.writeString(root.resolve("ant/notes.txt"), "ignored");
        ImageFolder d = ImageFolder.open(root, 8);
        assertEquals(List.of("ant", "zebra"), d.classes());
        assertEquals(3, d.size());
        assertEquals(3, d.channels());
        assertEquals(8, d.height());
        assertEquals(8, d.width());
        assertEquals(root.resolve("ant/a.PNG"), d.file(0));
        assertEquals(0, d.label(0));
        assertEquals(0, d.label(1));
        assertEquals(1, d.label(2));
        // Solid colours survive resizing exactly and land in the right channel (RGB order).
        float[] red = image(d, 2);
        assertEquals(1f, red[0]);
        assertEquals(0f, red[64]);
        assertEquals(0f, red[128 + 63]);
        float[] blue = image(d, 0);
        assertEquals(0f, blue[5]);
        assertEquals(1f, blue[128 + 5]);
    }

    @Test
    void greyImagesBecomeThreeEqualChannelsWithoutGammaShift() throws IOException {
        png(root.resolve("g/x.png"), grey(10, 10, 128));
        float[] img = image(ImageFolder.open(root, 10), 0);
        for (float v : img) {
            // getRGB would map linear grey 128 to about 186.
            assertEquals(128 / 255f, v);
        }
    }

    @Test
    void resizesTheShorterSideThenCropsTheCentre() throws IOException {
        // 16x8 with a white band in columns 6..9. Shorter side 8 -> 4 halves it to 8x4, and the 4x4
        // centre crop covers source columns 4..11. Shrinking widens the triangle filter, so every
        // output averages 4 source columns with weights 1/8, 3/8, 3/8, 1/8: a row reads
        // 1/8, 7/8, 7/8, 1/8 of white, i.e. bytes 32, 223, 223, 32.
        BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 6; x < 10; x++) {
                img.setRGB(x, y, 0xFFFFFF);
            }
        }
        png(root.resolve("c/x.png"), img);
        ImageFolder d = ImageFolder.open(root, 4, 4, ImageFolder.Mode.STREAMING);
        float[] out = image(d, 0);
        assertEquals(3 * 4 * 4, out.length);
        float[] row = {32 / 255f, 223 / 255f, 223 / 255f, 32 / 255f};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 4; y++) {
                float[] actual = java.util.Arrays.copyOfRange(out, (c * 4 + y) * 4, (c * 4 + y + 1) * 4);
                assertArrayEquals(row, actual, "channel " + c + " row " + y);
            }
        }
    }

    @Test
    void allModesGiveTheSameImages() throws IOException {
        BufferedImage img = new BufferedImage(23, 17, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 23; x++) {
                img.setRGB(x, y, (x * 11) << 16 | (y * 15) << 8 | (x * y) & 0xFF);
            }
        }
        png(root.resolve("a/0.png"), img);
        png(root.resolve("b/0.png"), grey(9, 31, 77));
        float[][] ref = null;
        for (ImageFolder.Mode mode : ImageFolder.Mode.values()) {
            ImageFolder d = ImageFolder.open(root, 12, 10, mode);
            float[][] now = {image(d, 0), image(d, 1), image(d, 0)};
            assertArrayEquals(now[0], now[2], "second read equals first");
            if (ref == null) {
                ref = now;
            } else {
                assertArrayEquals(ref[0], now[0], mode.toString());
                assertArrayEquals(ref[1], now[1], mode.toString());
            }
        }
    }

    @Test
    void unreadableImageIsReportedWithItsPath() throws IOException {
        png(root.resolve("a/ok.png"), solid(4, 4, 0));
        Path bad = root.resolve("b/broken.jpg");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "this is not a JPEG");
        ImageFolder lazy = ImageFolder.open(root, 4);
        image(lazy, 0);
        var e = assertThrows(DataFormatException.class, () -> image(lazy, 1));
        assertEquals(bad + " is not a readable image: no image reader recognises its contents.", e.getMessage());
        var eager = assertThrows(DataFormatException.class,
                () -> ImageFolder.open(root, 4, 4, ImageFolder.Mode.EAGER));
        assertEquals(e.getMessage(), eager.getMessage());
        var headers = assertThrows(DataFormatException.class, () -> ImageFolder.open(root, 4).checkHeaders());
        assertEquals(e.getMessage(), headers.getMessage(), "found before any image is decoded");
    }

    /** A PNG whose header claims width x height: the pixel data is a token, nothing decodes it. */
    private static byte[] pngHeader(int width, int height) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        java.io.ByteArrayOutputStream ihdr = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream h = new java.io.DataOutputStream(ihdr);
        h.writeBytes("IHDR");
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, no filter, no interlace
        byte[] chunk = ihdr.toByteArray();
        d.writeInt(chunk.length - 4);
        d.write(chunk);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(chunk);
        d.writeInt((int) crc.getValue());
        d.writeInt(0);
        d.writeBytes("IEND");
        crc.reset();
        crc.update("IEND".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        d.writeInt((int) crc.getValue());
        return out.toByteArray();
    }

    @Test
    void aDecompressionBombIsRefusedBeforeDecoding() throws IOException {
        png(root.resolve("a/ok.png"), solid(4, 4, 0));
        Path bomb = root.resolve("b/bomb.png");
        Files.createDirectories(bomb.getParent());
        Files.write(bomb, pngHeader(40000, 40000));
        ImageFolder lazy = ImageFolder.open(root, 4);
        var e = assertThrows(DataFormatException.class, () -> image(lazy, 1));
        assertEquals(bomb + " is 40000x40000 pixels, more than the 50 million an image may have here.", e.getMessage());
        assertEquals(e.getMessage(),
                assertThrows(DataFormatException.class, () -> ImageFolder.open(root, 4).checkHeaders()).getMessage());
    }

    @Test
    void reportsMissingRootAndEmptyClassFolders() throws IOException {
        Path missing = root.resolve("none");
        assertEquals("No such directory: " + missing + " (expected one sub-folder of images per class).",
                assertThrows(DataFormatException.class, () -> ImageFolder.open(missing, 8)).getMessage());
        Files.createDirectories(root.resolve("empty"));
        assertEquals("Class folder " + root.resolve("empty") + " holds no PNG or JPEG images.",
                assertThrows(DataFormatException.class, () -> ImageFolder.open(root, 8)).getMessage());
    }
}
