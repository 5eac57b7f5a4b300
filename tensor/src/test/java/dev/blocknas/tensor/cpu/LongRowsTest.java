package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Element-wise ops and copies over rows long enough to be cut into pieces across the cores ({@link Strided}):
 * every element as a plain loop computes it, whatever piece it falls in, also where an operand is broadcast.
 */
class LongRowsTest {
    private static final int LONG = 3 * 32768 + 17;

    @Test
    void contiguousBinaryOpsOverOneLongRow() {
        SplittableRandom r = new SplittableRandom(5);
        float[] a = random(r, 2 * LONG);
        float[] b = random(r, 2 * LONG);
        float[] sum = Tensor.of(a, 2, LONG).add(Tensor.of(b, 2, LONG)).toArray();
        float[] product = Tensor.of(a, 2, LONG).mul(Tensor.of(b, 2, LONG)).toArray();
        float[] wantSum = new float[a.length];
        float[] wantProduct = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            wantSum[i] = a[i] + b[i];
            wantProduct[i] = a[i] * b[i];
        }
        assertArrayEquals(wantSum, sum);
        assertArrayEquals(wantProduct, product);
    }

    @Test
    void broadcastRowAndTransposedCopy() {
        SplittableRandom r = new SplittableRandom(6);
        float[] a = random(r, 3 * LONG);
        float[] b = random(r, LONG);
        float[] got = Tensor.of(a, 3, LONG).add(Tensor.of(b, 1, LONG)).toArray();
        float[] want = new float[a.length];
        for (int i = 0; i < a.length; i++) want[i] = a[i] + b[i % LONG];
        assertArrayEquals(want, got, "b broadcast over the rows");

        float[] t = Tensor.of(a, 3, LONG).transpose(0, 1).contiguous().toArray();
        float[] wantT = new float[a.length];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < LONG; j++) wantT[j * 3 + i] = a[i * LONG + j];
        }
        assertArrayEquals(wantT, t, "transposed copy");
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
