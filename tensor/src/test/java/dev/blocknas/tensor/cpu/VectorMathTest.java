package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VectorMathTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Test
    void expIsWithinTwoUlpOfTheExactValue() {
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[S.length()];
        float[] y = new float[S.length()];
        double worst = 0;
        for (int rep = 0; rep < 20_000; rep++) {
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-87, 88);
            VectorMath.exp(FloatVector.fromArray(S, x, 0)).intoArray(y, 0);
            for (int i = 0; i < x.length; i++) {
                double exact = Math.exp(x[i]);
                worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp((float) exact));
            }
        }
        assertTrue(worst <= 2.0, "worst error " + worst + " ulp");
    }

    @Test
    void expHandlesTheEdges() {
        float[] x = new float[S.length()];
        float[] y = new float[S.length()];
        java.util.Arrays.fill(x, 0f);
        x[0] = Float.NaN;
        x[1] = -1000f;
        x[2] = 1000f;
        VectorMath.exp(FloatVector.fromArray(S, x, 0)).intoArray(y, 0);
        assertTrue(Float.isNaN(y[0]));
        assertTrue(y[1] >= 0f && y[1] < 1e-37f);
        assertTrue(y[2] > 1e38f);
        assertEquals(1f, y[3], 0f);
    }
}
