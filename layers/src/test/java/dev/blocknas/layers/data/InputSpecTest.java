package dev.blocknas.layers.data;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a network expects of its input survives the trip through weight-file metadata exactly. */
class InputSpecTest {
    @Test
    void metadataRoundTripsExactly() {
        InputSpec spec = new InputSpec("fashion", 3, 32, 24, new ChannelStats(new float[] {0.1f, 0.2f, 1f / 3},
                new float[] {0.3f, 0.25f, 0.7f}), List.of("T-shirt/top", "a \"quoted\", name", "c"));
        Map<String, String> meta = spec.toMetadata();
        InputSpec back = InputSpec.fromMetadata(meta, 3, 3);
        assertEquals(spec.dataset(), back.dataset());
        assertEquals(24, back.width());
        assertEquals(32, back.height());
        assertArrayEquals(spec.stats().mean(), back.stats().mean());
        assertArrayEquals(spec.stats().std(), back.stats().std());
        assertEquals(spec.classNames(), back.classNames());
    }

    @Test
    void oldWeightsWithoutMetadataGetMnistDefaults() {
        InputSpec d = InputSpec.fromMetadata(Map.of("architecture", "ir_k3_e1_c8_s1"), 1, 10);
        assertEquals(28, d.height());
        assertArrayEquals(ChannelStats.MNIST.mean(), d.stats().mean());
        assertEquals("7", d.classNames().get(7));
    }

    @Test
    void malformedMetadataIsOneSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InputSpec.fromMetadata(Map.of(InputSpec.MEAN, "0.1,x"), 1, 10));
        assertTrue(e.getMessage().startsWith("The weights' \"input_mean\" has 2 values for 1 channels"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> InputSpec.fromMetadata(Map.of(InputSpec.CLASS_NAMES, "[\"a\"]"), 1, 10));
        assertEquals("The weights' \"class_names\" should name 10 classes.", e.getMessage());
    }

    @Test
    void normalisesAsTheDataLoaderDoes() {
        float[] pixels = {0f, 0.5f, 1f, 0.25f};
        InputSpec spec = new InputSpec("", 1, 2, 2, ChannelStats.MNIST, List.of("a"));
        float[] mine = pixels.clone();
        spec.normalize(mine, 0);
        float[] theirs = pixels.clone();
        Augment.normalize(ChannelStats.MNIST).apply(theirs, 0, 1, 2, 2, null);
        assertArrayEquals(theirs, mine);
    }

    @Test
    void dataSetsKnowTheirClassNames() {
        assertEquals("Ankle boot", Mnist.fashionTest().classNames().get(9));
        assertEquals("3", Subset.range(Mnist.embeddedTest(), 0, 5).classNames().get(3));
        InputSpec s = InputSpec.of(Mnist.embeddedTest(), ChannelStats.MNIST, 12, "mnist");
        assertEquals(12, s.classNames().size());
        assertEquals("11", s.classNames().get(11));
    }

    @Test
    void imagesBecomeThePixelsTrainingSaw() {
        BufferedImage grey = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 2, 0, 255);
        float[] g = ImagePixels.toChw(grey, 1, 4);
        assertEquals(1f, g[2 * 4 + 1]);
        assertEquals(0f, g[0]);
        float[] rgb = ImagePixels.toChw(grey, 3, 4);
        assertEquals(1f, rgb[2 * 16 + 2 * 4 + 1]);

        BufferedImage colour = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) colour.setRGB(x, y, 0xFF0000);
        float[] red = ImagePixels.toChw(colour, 1, 4);
        assertEquals(Math.round(0.299 * 255) / 255f, red[5], 1e-7);
        assertEquals(16, red.length);
    }
}
