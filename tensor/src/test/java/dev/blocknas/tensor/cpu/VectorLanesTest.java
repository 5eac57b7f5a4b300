package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The vector lane sum, also of vectors stored in an array, is bit for bit the pairwise sum of the stored lanes,
 * on inputs where order shows.
 */
class VectorLanesTest {
    @Test
    void rotationsGiveExactlyTheStoredPairwiseSum() {
        SplittableRandom r = new SplittableRandom(11);
        var s = FloatVector.SPECIES_PREFERRED;
        float[] a = new float[s.length()];
        int differsFromSequential = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            for (int i = 0; i < a.length; i++) {
                // mixed magnitudes and signs, so that a different order would round differently
                a[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-6, 7)));
            }
            FloatVector v = FloatVector.fromArray(s, a, 0);
            assertEquals(Float.floatToRawIntBits(VectorLanes.stored(v)), Float.floatToRawIntBits(VectorLanes.sum(v)),
                    "trial " + trial);
            float[] twice = new float[2 * a.length];
            System.arraycopy(a, 0, twice, a.length, a.length);
            float[] out = {Float.NaN, Float.NaN, Float.NaN};
            VectorLanes.sums(twice, 2, out, 1);
            assertEquals(0, Float.floatToRawIntBits(out[1]), "a vector of zeros sums to +0");
            assertEquals(Float.floatToRawIntBits(VectorLanes.stored(v)), Float.floatToRawIntBits(out[2]),
                    "stored lanes, trial " + trial);
            assertEquals(true, Float.isNaN(out[0]), "nothing before the output is written");
            float[] inPlace = new float[a.length + 3];
            System.arraycopy(a, 0, inPlace, 3, a.length);
            assertEquals(Float.floatToRawIntBits(VectorLanes.sum(v)),
                    Float.floatToRawIntBits(VectorLanes.storedSum(inPlace, 3)), "in place, trial " + trial);
            float seq = 0;
            for (float x : a) seq += x;
            if (seq != VectorLanes.sum(v)) differsFromSequential++;
        }
        if (s.length() > 2)
            assertEquals(true, differsFromSequential > 100, "the inputs are sensitive to the order of addition");
    }

    @Test
    void manyStoredVectorsSumEachAsAloneInEveryCount() {
        SplittableRandom r = new SplittableRandom(5);
        int l = FloatVector.SPECIES_PREFERRED.length();
        for (int count = 1; count <= 3 * l + 1; count++) {
            for (int trial = 0; trial < 200; trial++) {
                float[] lanes = new float[count * l];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-6, 7)));
                }
                float[] expected = new float[count];
                for (int v = 0; v < count; v++) {
                    expected[v] = VectorLanes
                            .stored(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, lanes, v * l));
                }
                float[] out = new float[count + 2];
                out[0] = Float.NaN;
                out[count + 1] = Float.NaN;
                VectorLanes.sums(lanes, count, out, 1);
                for (int v = 0; v < count; v++) {
                    assertEquals(Float.floatToRawIntBits(expected[v]), Float.floatToRawIntBits(out[v + 1]),
                            count + " vectors, vector " + v + ", trial " + trial);
                }
                assertEquals(true, Float.isNaN(out[0]) && Float.isNaN(out[count + 1]), "only out[1..count] is written");
            }
        }
    }
}
