package dev.blocknas.tensor.cpu;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

/** The row-by-row stride-2 fill writes exactly the polyphase planes of the plain fill, in both layouts. */
class StrideTwoFillTest {

    @ParameterizedTest(name = "H{0} W{1} k{2} p{3}")
    @CsvSource({"14,14,3,1", "14,14,5,2", "14,14,7,3", "7,7,3,1", "7,7,5,2", "7,7,7,3", "13,11,5,2", "8,9,3,1",
            "9,16,4,1", "6,5,2,0", "4,4,3,1", "5,3,7,3"})
    void samePlanesAsThePlainFill(int h, int w, int k, int pad) {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        int ho = (h + 2 * pad - k) / 2 + 1;
        int wo = (w + 2 * pad - k) / 2 + 1;
        var g = new CpuDepthwise.Geometry(2, 3, h, w, k, 2, pad, ho, wo);
        SplittableRandom r = new SplittableRandom(h * 31L + w * 7L + k);
        float[] x = DepthwiseKernelTest.random(r, 6 * h * w);
        for (boolean compact : new boolean[] {false, true}) {
            PolyphasePlan plan = new PolyphasePlan(g, compact);
            StrideTwoFill rows = StrideTwoFill.of(plan);
            Assertions.assertNotNull(rows, "applies to " + g);
            // Every plane of the tensor, the last one included (its rows end at the array's end).
            for (int plane = 0; plane < 6; plane++) {
                float[] want = new float[plan.inSize + 64];
                float[] got = new float[plan.inSize + 64];
                plan.fillInput(x, plane * h * w, want);
                rows.fill(x, plane * h * w, got);
                Assertions.assertArrayEquals(want, got, "plane " + plane + (compact ? ", compact" : ", wide"));
            }
        }
    }
}
