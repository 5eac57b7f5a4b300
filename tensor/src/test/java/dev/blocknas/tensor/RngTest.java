package dev.blocknas.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RngTest {

    @Test
    void fillsArePureFunctionsOfTheSeed() {
        try (Scope s = Scope.open()) {
            float[] a = Tensor.randn(new Rng(5), Device.CPU, 1000).toArray();
            float[] b = Tensor.randn(new Rng(5), Device.CPU, 1000).toArray();
            float[] c = Tensor.randn(new Rng(6), Device.CPU, 1000).toArray();
            assertArrayEquals(a, b);
            assertFalse(java.util.Arrays.equals(a, c));
        }
    }

    @Test
    void normalAndUniformHaveTheirMoments() {
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        double usum = 0;
        for (int i = 0; i < n; i++) {
            double v = Rng.normal(11, i);
            sum += v;
            sq += v * v;
            float u = Rng.uniform(11, i);
            assertTrue(u >= 0f && u < 1f);
            usum += u;
        }
        assertEquals(0.0, sum / n, 0.01);
        assertEquals(1.0, sq / n, 0.02);
        assertEquals(0.5, usum / n, 0.005);
    }
}
