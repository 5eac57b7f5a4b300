package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Tensor;

/**
 * Iteration over up to three tensors of one shape with arbitrary strides: dimensions that are laid out
 * alike in every operand are merged first, so the common cases become one long contiguous row.
 */
final class Strided {
    /** Per-row kernel: len elements starting at the given offsets, stepping by the given strides. */
    @FunctionalInterface
    interface Row {
        void run(int offA, int strideA, int offB, int strideB, int offC, int strideC, int len);
    }

    /** Elements per parallel grain of rows, and per piece of a row long enough to be cut. */
    private static final int PIECE = 32768;

    final int[] dims;
    final int[][] strides;
    final int[] offsets;

    private Strided(int[] dims, int[][] strides, int[] offsets) {
        this.dims = dims;
        this.strides = strides;
        this.offsets = offsets;
    }

    /** Describes the operands (1 to 3 tensors of one shape), with merged dimensions. */
    static Strided of(Tensor... ts) {
        int rank = ts[0].rank();
        int[] dims = ts[0].shape().toArray();
        if (rank == 0) {
            int[][] one = {{1}, {1}, {1}};
            int[] off = new int[3];
            for (int t = 0; t < ts.length; t++) off[t] = ts[t].offset();
            return new Strided(new int[] {1}, one, off);
        }
        int[][] st = new int[ts.length][];
        int[] off = new int[ts.length];
        for (int t = 0; t < ts.length; t++) {
            st[t] = ts[t].strides();
            off[t] = ts[t].offset();
        }
        // Drop size-1 dims, then merge dim i into i+1 where every operand has stride[i] == stride[i+1] * dim[i+1].
        int[] d = new int[rank];
        int[][] s = new int[ts.length][rank];
        int r = 0;
        for (int i = 0; i < rank; i++) {
            if (dims[i] == 1) continue;
            if (r > 0) {
                boolean merge = true;
                for (int t = 0; t < ts.length; t++) {
                    if (s[t][r - 1] != st[t][i] * dims[i]) merge = false;
                }
                if (merge) {
                    d[r - 1] *= dims[i];
                    for (int t = 0; t < ts.length; t++) s[t][r - 1] = st[t][i];
                    continue;
                }
            }
            d[r] = dims[i];
            for (int t = 0; t < ts.length; t++) s[t][r] = st[t][i];
            r++;
        }
        if (r == 0) { // every dimension has size 1: one element
            d[0] = 1;
            r = 1;
        }
        int[] dd = java.util.Arrays.copyOf(d, r);
        int[][] ss = new int[3][];
        for (int t = 0; t < 3; t++) ss[t] = t < ts.length ? java.util.Arrays.copyOf(s[t], r) : new int[r];
        int[] oo = java.util.Arrays.copyOf(off, 3);
        return new Strided(dd, ss, oo);
    }

    /** Calls {@code row} for every innermost row, in parallel over rows. */
    void forEachRow(Row row) {
        int r = dims.length;
        int len = dims[r - 1];
        int rows = 1;
        for (int i = 0; i < r - 1; i++) rows *= dims[i];
        int sa = strides[0][r - 1];
        int sb = strides[1][r - 1];
        int sc = strides[2][r - 1];
        // A long row (a contiguous tensor is one row) is cut into pieces, so that it too runs on every core: both
        // rows, copies and element-wise binary ops, give each element the same value wherever a piece starts.
        int pieces = len >= 2 * PIECE ? Math.ceilDiv(len, PIECE) : 1;
        int grain = pieces > 1 ? 1 : Math.max(1, PIECE / Math.max(1, len));
        Parallel.range(rows * pieces, grain, (from, to) -> {
            for (int item = from; item < to; item++) {
                int q = item / pieces;
                int piece = item % pieces;
                int c0 = (int) ((long) len * piece / pieces);
                int c1 = (int) ((long) len * (piece + 1) / pieces);
                int oa = offsets[0] + c0 * sa;
                int ob = offsets[1] + c0 * sb;
                int oc = offsets[2] + c0 * sc;
                int rem = q;
                for (int i = r - 2; i >= 0; i--) {
                    int idx = rem % dims[i];
                    rem /= dims[i];
                    oa += idx * strides[0][i];
                    ob += idx * strides[1][i];
                    oc += idx * strides[2][i];
                }
                row.run(oa, sa, ob, sb, oc, sc, c1 - c0);
            }
        });
    }
}
