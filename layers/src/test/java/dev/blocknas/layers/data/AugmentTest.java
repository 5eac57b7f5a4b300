package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentTest {

    /** A 2x3x4 image with distinct values 1..24, placed after a 3-float prefix. */
    private static float[] tiny() {
        float[] a = new float[3 + 24 + 2];
        for (int k = 0; k < 24; k++) {
            a[3 + k] = k + 1;
        }
        a[0] = -7; // guards around the image must never change
        a[28] = -7;
        return a;
    }

    /** Naive reference: zero-pad by p, then crop at (oy, ox). */
    private static float[] padCrop(float[] img, int c, int h, int w, int p, int oy, int ox) {
        int ph = h + 2 * p;
        int pw = w + 2 * p;
        float[] padded = new float[c * ph * pw];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    padded[(k * ph + y + p) * pw + x + p] = img[3 + (k * h + y) * w + x];
                }
            }
        }
        float[] out = img.clone();
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[3 + (k * h + y) * w + x] = padded[(k * ph + y + oy) * pw + x + ox];
                }
            }
        }
        return out;
    }

    @Test
    void randomCropMatchesPadThenCropForEveryOffset() {
        int pad = 2;
        Set<String> offsets = new HashSet<>();
        for (long seed = 0; seed < 400; seed++) {
            // Replay the documented draws: row offset, then column offset.
            SplittableRandom replay = new SplittableRandom(seed);
            int oy = replay.nextInt(2 * pad + 1);
            int ox = replay.nextInt(2 * pad + 1);
            offsets.add(oy + "," + ox);
            float[] img = tiny();
            Augment.randomCrop(pad).apply(img, 3, 2, 3, 4, new SplittableRandom(seed));
            assertArrayEquals(padCrop(tiny(), 2, 3, 4, pad, oy, ox), img, "offset " + oy + "," + ox);
        }
        assertEquals(25, offsets.size(), "all 5x5 offsets exercised");
    }

    @Test
    void cropWithZeroPaddingIsIdentity() {
        float[] img = tiny();
        Augment.randomCrop(0).apply(img, 3, 2, 3, 4, new SplittableRandom(1));
        assertArrayEquals(tiny(), img);
    }

    @Test
    void flipMirrorsEveryRowWhenTheCoinSaysSo() {
        int flipped = 0;
        for (long seed = 0; seed < 20; seed++) {
            boolean coin = new SplittableRandom(seed).nextBoolean();
            float[] img = tiny();
            Augment.horizontalFlip().apply(img, 3, 2, 3, 4, new SplittableRandom(seed));
            float[] expected = tiny();
            if (coin) {
                flipped++;
                // Row 0 of channel 0 is 1 2 3 4 -> 4 3 2 1; and so on for all six rows.
                for (int row = 0; row < 6; row++) {
                    for (int x = 0; x < 4; x++) {
                        expected[3 + row * 4 + x] = row * 4 + 4 - x;
                    }
                }
            }
            assertArrayEquals(expected, img);
        }
        assertTrue(flipped > 3 && flipped < 17);
    }

    @Test
    void normalisesPerChannel() {
        float[] img = tiny();
        Augment.normalize(new float[] {1, 13}, new float[] {2, 4}).apply(img, 3, 2, 3, 4, new SplittableRandom(0));
        assertEquals(0f, img[3]); // (1 - 1) / 2
        assertEquals(5.5f, img[3 + 11]); // (12 - 1) / 2
        assertEquals(0f, img[3 + 12]); // (13 - 13) / 4
        assertEquals(2.75f, img[3 + 23]); // (24 - 13) / 4
        assertEquals(-7f, img[28]);
        assertThrows(IllegalArgumentException.class,
                () -> Augment.normalize(ChannelStats.CIFAR10).apply(tiny(), 3, 2, 3, 4, new SplittableRandom(0)));
    }

    @Test
    void composeAppliesInOrderFromOneStream() {
        // Crop then flip must equal applying them one after the other on the same generator.
        Augment both = Augment.compose(Augment.randomCrop(1), Augment.horizontalFlip(),
                Augment.normalize(new float[] {0.5f, 0.5f}, new float[] {2f, 2f}));
        for (long seed = 0; seed < 30; seed++) {
            float[] a = tiny();
            both.apply(a, 3, 2, 3, 4, new SplittableRandom(seed));
            float[] b = tiny();
            SplittableRandom rng = new SplittableRandom(seed);
            Augment.randomCrop(1).apply(b, 3, 2, 3, 4, rng);
            Augment.horizontalFlip().apply(b, 3, 2, 3, 4, rng);
            for (int k = 3; k < 27; k++) {
                b[k] = (b[k] - 0.5f) / 2f;
            }
            assertArrayEquals(b, a);
        }
    }
}
