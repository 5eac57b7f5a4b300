package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The transposed sums of 8 and 16 stored vectors are bit for bit the lane sum of each vector. */
class VectorLaneSumsTest {
    @Test
    void everySumEqualsTheOneVectorLaneSum() {
        SplittableRandom r = new SplittableRandom(5);
        var s = FloatVector.SPECIES_PREFERRED;
        int l = s.length();
        for (int count : new int[] {8, 16}) {
            for (int trial = 0; trial < 2_000; trial++) {
                float[] lanes = new float[count * l];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-6, 7)));
                }
                float[] want = new float[count];
                for (int j = 0; j < count; j++) want[j] = VectorLanes.stored(FloatVector.fromArray(s, lanes, j * l));
                float[] got = new float[count + 2];
                VectorLaneSums.sums(lanes, count, got, 2);
                for (int j = 0; j < count; j++) {
                    assertEquals(Float.floatToRawIntBits(want[j]), Float.floatToRawIntBits(got[2 + j]),
                            count + " vectors, trial " + trial + ", vector " + j);
                }
            }
        }
    }
}
