package dev.blocknas.kernels.ops;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merged layouts address exactly the elements the unmerged shape and strides do, in the same order. */
class StridedLayoutTest {
    /** Offsets of every element, row-major over the shape, for one operand. */
    private static long[] offsets(int[] shape, int[] strides) {
        int n = 1;
        for (int d : shape) n *= d;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int rem = i;
            long o = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                o += (long) (rem % shape[d]) * strides[d];
                rem /= shape[d];
            }
            out[i] = o;
        }
        return out;
    }

    @Test
    void randomViewsKeepTheirAddressing() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 500; trial++) {
            int rank = 1 + r.nextInt(6);
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) shape[i] = 1 + r.nextInt(4);
            int[][] strides = new int[3][];
            for (int t = 0; t < 3; t++) strides[t] = randomStrides(r, shape);
            StridedLayout l = StridedLayout.of(shape, strides);
            for (int t = 0; t < 3; t++) {
                assertArrayEquals(offsets(shape, strides[t]), offsets(l.dims(), l.strides()[t]), "operand " + t);
            }
            int[] f = l.struct();
            assertEquals(l.rank(), f[0]);
            assertEquals(1 + 4 * StridedLayout.MAX_RANK, f.length);
        }
    }

    /** Contiguous, permuted, broadcast (stride 0) or sliced strides for a shape. */
    private static int[] randomStrides(SplittableRandom r, int[] shape) {
        int rank = shape.length;
        int[] s = new int[rank];
        int kind = r.nextInt(4);
        int acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i] + (kind == 3 ? 1 : 0); // kind 3: padded rows, a narrowed view
        }
        if (kind == 1 && rank > 1) { // swap two axes' strides: a transposed view
            int a = r.nextInt(rank), b = r.nextInt(rank);
            int t = s[a];
            s[a] = s[b];
            s[b] = t;
        }
        if (kind == 2) s[r.nextInt(rank)] = 0; // broadcast one axis
        return s;
    }

    @Test
    void recognisesTheFastPaths() {
        int[] shape = {2, 3, 4};
        int[] c = {12, 4, 1};
        assertTrue(StridedLayout.of(shape, c, c, c).contiguous());
        assertTrue(StridedLayout.of(shape, c, new int[] {0, 0, 0}, c).scalarOperand(1));
        StridedLayout bias = StridedLayout.of(shape, c, new int[] {0, 1, 0}, c); // [1, 3, 1] broadcast
        assertEquals(3, bias.rank());
        StridedLayout one = StridedLayout.of(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1});
        assertTrue(one.contiguous());
    }
}
