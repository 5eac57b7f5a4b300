package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PaddedTest {

    @Test
    void mnistPaddedTo32RgbKeepsTheDigitCentredOnBlack() {
        Dataset mnist = Mnist.embeddedTest();
        Dataset padded = Datasets.padTo32Rgb(mnist);
        assertEquals(3, padded.channels());
        assertEquals(32, padded.height());
        assertEquals(32, padded.width());
        assertEquals(mnist.size(), padded.size());
        float[] src = new float[784];
        // Pre-fill with garbage: every float of the padded image must be written.
        float[] dst = new float[5 + padded.imageLength()];
        Arrays.fill(dst, 9f);
        for (int i : new int[] {0, 1, 1995}) {
            mnist.image(i, src, 0);
            padded.image(i, dst, 5);
            assertEquals(9f, dst[4]);
            assertEquals(mnist.label(i), padded.label(i));
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
                        float expected = inside ? src[(y - 2) * 28 + x - 2] : 0f;
                        assertEquals(expected, dst[5 + (c * 32 + y) * 32 + x], "c" + c + " y" + y + " x" + x);
                    }
                }
            }
        }
    }

    @Test
    void padsMultiChannelImagesAsymmetrically() {
        Dataset src = Synthetic.of(3, 2, 3, 2, 2, 5L);
        Dataset padded = Padded.of(src, 2, 4, 5); // top 0, left 1: odd padding puts the extra row below
        float[] s = new float[12];
        float[] d = new float[40];
        src.image(2, s, 0);
        padded.image(2, d, 0);
        float[] expected = new float[40];
        for (int c = 0; c < 2; c++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 2; x++) {
                    expected[(c * 4 + y) * 5 + x + 1] = s[(c * 3 + y) * 2 + x];
                }
            }
        }
        assertArrayEquals(expected, d);
        assertThrows(IllegalArgumentException.class, () -> Padded.of(src, 3, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> Padded.of(src, 2, 2, 5));
    }
}
