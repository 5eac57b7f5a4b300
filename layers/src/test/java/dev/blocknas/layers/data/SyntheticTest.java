package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticTest {

    private static float[] image(Dataset d, int i) {
        float[] img = new float[d.imageLength()];
        d.image(i, img, 0);
        return img;
    }

    @Test
    void isAPureFunctionOfSeedAndIndex() {
        Synthetic a = Synthetic.of(100, 3, 8, 8, 5, 42);
        Synthetic b = Synthetic.of(100, 3, 8, 8, 5, 42);
        Synthetic other = Synthetic.of(100, 3, 8, 8, 5, 43);
        assertArrayEquals(image(a, 17), image(b, 17));
        assertArrayEquals(image(a, 17), image(a, 17));
        assertFalse(Arrays.equals(image(a, 17), image(other, 17)));
        assertFalse(Arrays.equals(image(a, 17), image(a, 22)), "same class, different noise");
        assertArrayEquals(new int[] {20, 20, 20, 20, 20}, Datasets.labelCounts(a));
        for (float v : image(a, 3)) {
            assertTrue(v >= 0 && v <= 1);
        }
    }

    @Test
    void classesAreSeparableByANearestMeanRule() {
        Synthetic d = Synthetic.of(600, 1, 12, 12, 6, 7);
        int len = d.imageLength();
        double[][] means = new double[6][len];
        for (int i = 0; i < 300; i++) {
            float[] img = image(d, i);
            for (int k = 0; k < len; k++) {
                means[d.label(i)][k] += img[k] / 50.0;
            }
        }
        int correct = 0;
        for (int i = 300; i < 600; i++) {
            float[] img = image(d, i);
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int c = 0; c < 6; c++) {
                double dist = 0;
                for (int k = 0; k < len; k++) {
                    dist += (img[k] - means[c][k]) * (img[k] - means[c][k]);
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = c;
                }
            }
            correct += best == d.label(i) ? 1 : 0;
        }
        assertTrue(correct > 270, "nearest class mean got " + correct + "/300");
        assertEquals(6, d.numClasses());
    }
}
