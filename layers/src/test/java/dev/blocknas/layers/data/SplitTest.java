package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitTest {

    private final Dataset mnist = Mnist.embeddedTrain();

    @Test
    void partsAreDisjointAndCoverTheDataSet() {
        Split s = Split.holdOut(mnist, 0.1, 1);
        boolean[] seen = new boolean[mnist.size()];
        for (Subset part : new Subset[] {s.train(), s.heldOut()}) {
            int[] idx = part.indices();
            for (int k = 0; k < idx.length; k++) {
                assertFalse(seen[idx[k]], "index " + idx[k] + " in both parts");
                seen[idx[k]] = true;
                if (k > 0) {
                    assertTrue(idx[k] > idx[k - 1], "parts keep source order");
                }
            }
        }
        for (boolean b : seen) {
            assertTrue(b);
        }
        assertEquals(mnist.size(), s.train().size() + s.heldOut().size());
        // Views read through to the source.
        int i = s.heldOut().sourceIndex(3);
        assertEquals(mnist.label(i), s.heldOut().label(3));
        assertEquals(MnistTest.byteSum(mnist, i), MnistTest.byteSum(s.heldOut(), 3));
    }

    @Test
    void isStratifiedPerClass() {
        Split s = Split.holdOut(mnist, 0.25, 9);
        int[] all = Datasets.labelCounts(mnist);
        int[] held = Datasets.labelCounts(s.heldOut());
        for (int c = 0; c < 10; c++) {
            assertEquals(Math.round(0.25 * all[c]), held[c], "class " + c);
        }
    }

    @Test
    void isDeterministicInTheSeed() {
        assertArrayEquals(Split.holdOut(mnist, 0.1, 5).heldOut().indices(),
                Split.holdOut(mnist, 0.1, 5).heldOut().indices());
        assertFalse(Arrays.equals(Split.holdOut(mnist, 0.1, 5).heldOut().indices(),
                Split.holdOut(mnist, 0.1, 6).heldOut().indices()));
    }

    @Test
    void rejectsDegenerateFractions() {
        assertThrows(IllegalArgumentException.class, () -> Split.holdOut(mnist, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.holdOut(mnist, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Split.holdOut(mnist, Double.NaN, 1));
    }
}
