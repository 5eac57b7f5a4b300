package dev.blocknas.example;

import dev.blocknas.nas.api.BlocknasException;
import dev.blocknas.nas.api.BlocknasNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library as an application sees it: nothing imported from blocknas but {@code dev.blocknas.nas.api}. The
 * weights are those {@code blocknas train --arch stem_c8_s2/ir_k3_e3_c16_s2_se0.25-skip/ir_k5_e3_c24_s2/head_c64
 * --epochs 3 --device cpu} wrote; {@code blocknas eval} gives them 94.74% (1,891 of the 1,996 embedded test digits).
 */
class PublicApiTest {
    /** What {@code blocknas eval --weights mnist-weights.safetensors} counts right. */
    static final int EVAL_CORRECT = 1891;

    private static MnistDigits digits;

    @BeforeAll
    static void read() throws Exception {
        digits = MnistDigits.test();
    }

    /** The checked-in weights, copied out of the class path into a file as a user would have them. */
    static Path weights(Path dir) throws Exception {
        Path file = dir.resolve("weights.safetensors");
        try (var in = PublicApiTest.class.getResourceAsStream("mnist-weights.safetensors")) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void predictGetsTheAccuracyEvalReports(@TempDir Path dir) throws Exception {
        try (BlocknasNetwork net = BlocknasNetwork.load(weights(dir))) {
            assertEquals("stem_c8_s2/ir_k3_e3_c16_s2_se0.25-skip/ir_k5_e3_c24_s2/head_c64", net.architecture());
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), net.classNames());
            assertEquals(28, net.height());
            float[][] p = net.predict(Arrays.asList(digits.images()));
            int correct = 0;
            for (int i = 0; i < p.length; i++) {
                double sum = 0;
                for (float v : p[i]) sum += v;
                assertEquals(1.0, sum, 1e-5, "probabilities of image " + i);
                if (net.top(p[i]) == digits.labels()[i]) correct++;
            }
            assertEquals(EVAL_CORRECT, correct);
            // one image at a time gives the batch's answer (to rounding: the CPU's blocking depends on the batch size)
            assertArrayEquals(p[17], net.predict(digits.images()[17]), 1e-6f);
        }
    }

    @Test
    void aPictureIsClassifiedLikeItsPixels(@TempDir Path dir) throws Exception {
        try (BlocknasNetwork net = BlocknasNetwork.load(weights(dir))) {
            List<BufferedImage> pictures = new ArrayList<>();
            for (int i = 0; i < 20; i++) pictures.add(picture(digits.images()[i][0]));
            float[][] fromPictures = net.predictImages(pictures);
            for (int i = 0; i < pictures.size(); i++) {
                assertArrayEquals(net.predict(digits.images()[i]), fromPictures[i], 1e-6f, "image " + i);
            }
            // a larger colour photo of the same digit is resized and turned grey first
            BufferedImage big = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
            big.getGraphics().drawImage(pictures.get(0), 0, 0, 56, 56, null);
            assertEquals(net.label(fromPictures[0]), net.label(net.predict(big)));
        }
    }

    @Test
    void mistakesAreOneSentence(@TempDir Path dir) throws Exception {
        BlocknasException e = assertThrows(BlocknasException.class,
                () -> BlocknasNetwork.load(dir.resolve("none.safetensors")));
        assertTrue(e.getMessage().startsWith("No such weights file"), e.getMessage());
        Path junk = dir.resolve("junk.safetensors");
        Files.writeString(junk, "not weights");
        e = assertThrows(BlocknasException.class, () -> BlocknasNetwork.load(junk));
        assertOneSentence(e.getMessage());

        BlocknasNetwork net = BlocknasNetwork.load(weights(dir));
        e = assertThrows(BlocknasException.class, () -> net.predict(new float[3][28][28]));
        assertEquals("Image 0 is 3x28x28 but the network takes 1x28x28 pixels ([channel][row][column]).",
                e.getMessage());
        net.close();
        e = assertThrows(BlocknasException.class, () -> net.predict(new float[1][28][28]));
        assertEquals("This network is closed.", e.getMessage());
        net.close();
    }

    @Test
    void exportsOnnxAndNeverLeavesHalfAFile(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.onnx");
        try (BlocknasNetwork net = BlocknasNetwork.load(weights(dir))) {
            net.exportOnnx(model);
            assertTrue(Files.size(model) > 6804 * 4, "the model holds every weight");
            Path folder = dir.resolve("sub");
            Files.createDirectories(folder);
            BlocknasException e = assertThrows(BlocknasException.class, () -> net.exportOnnx(folder));
            assertOneSentence(e.getMessage());
        }
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    private static BufferedImage picture(float[][] pixels) {
        BufferedImage img = new BufferedImage(pixels[0].length, pixels.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < pixels.length; y++) {
            for (int x = 0; x < pixels[0].length; x++)
                img.getRaster().setSample(x, y, 0, Math.round(pixels[y][x] * 255));
        }
        return img;
    }

    private static void assertOneSentence(String m) {
        assertFalse(m.contains("\n"), m);
        assertTrue(m.endsWith("."), m);
        assertFalse(m.contains("Exception"), m);
    }
}
