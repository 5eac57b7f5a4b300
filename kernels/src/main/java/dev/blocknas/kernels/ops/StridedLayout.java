package dev.blocknas.kernels.ops;

import dev.blocknas.tensor.Tensor;

import java.util.Arrays;

/**
 * Up to three same-shape operands with arbitrary strides, with size-1 dimensions dropped and adjacent
 * dimensions merged wherever every operand is laid out alike, so that the common cases collapse to one
 * contiguous run. {@link #struct()} is the kernels' {@code Strided3} (rank, dims[8], sa[8], sb[8], sc[8]).
 *
 * @param dims    merged dimensions (at least one)
 * @param strides strides of each operand per merged dimension, in elements
 */
public record StridedLayout(int[] dims, int[][] strides) {
    /** Rank limit of the kernels' struct. */
    public static final int MAX_RANK = 8;

    /** The merged layout of {@code ts} (1 to 3 tensors of one shape). */
    public static StridedLayout of(Tensor... ts) {
        int[] shape = ts[0].shape().toArray();
        int[][] st = new int[ts.length][];
        for (int t = 0; t < ts.length; t++) st[t] = ts[t].strides();
        return of(shape, st);
    }

    /** The merged layout of operands with the given shape and per-operand strides. */
    public static StridedLayout of(int[] shape, int[]... strides) {
        int ops = strides.length;
        int rank = shape.length;
        int[] d = new int[Math.max(1, rank)];
        int[][] s = new int[ops][Math.max(1, rank)];
        int r = 0;
        for (int i = 0; i < rank; i++) {
            if (shape[i] == 1) continue;
            if (r > 0) {
                boolean merge = true;
                for (int t = 0; t < ops; t++) {
                    if ((long) s[t][r - 1] != (long) strides[t][i] * shape[i]) merge = false;
                }
                if (merge) {
                    d[r - 1] *= shape[i];
                    for (int t = 0; t < ops; t++) s[t][r - 1] = strides[t][i];
                    continue;
                }
            }
            d[r] = shape[i];
            for (int t = 0; t < ops; t++) s[t][r] = strides[t][i];
            r++;
        }
        if (r == 0) { // a single element
            d[0] = 1;
            for (int t = 0; t < ops; t++) s[t][0] = 1;
            r = 1;
        }
        if (r > MAX_RANK) {
            throw new IllegalArgumentException("strided operands of shape " + Arrays.toString(shape)
                    + " need " + r + " dimensions after merging; the CUDA kernels take at most " + MAX_RANK + ".");
        }
        int[][] out = new int[ops][];
        for (int t = 0; t < ops; t++) out[t] = Arrays.copyOf(s[t], r);
        return new StridedLayout(Arrays.copyOf(d, r), out);
    }

    public int rank() {
        return dims.length;
    }

    /** True when every operand is one contiguous run (rank 1, stride 1). */
    public boolean contiguous() {
        if (rank() != 1) return false;
        for (int[] s : strides) if (s[0] != 1) return false;
        return true;
    }

    /** True when the operand {@code operand} is one value broadcast and the others run contiguously. */
    public boolean scalarOperand(int operand) {
        if (rank() != 1) return false;
        for (int t = 0; t < strides.length; t++) {
            if (strides[t][0] != (t == operand ? 0 : 1)) return false;
        }
        return true;
    }

    /**
     * The Strided3 struct: rank, dims[8], then the strides of up to three operands (a/src, b, c/dst). With
     * two operands pass {@code map = {0, -1, 1}}: operand 0 as sa, none as sb, operand 1 as sc.
     */
    public int[] struct(int... map) {
        int[] f = new int[1 + 4 * MAX_RANK];
        f[0] = rank();
        System.arraycopy(dims, 0, f, 1, rank());
        for (int slot = 0; slot < 3; slot++) {
            int operand = map.length == 0 ? slot : map[slot];
            if (operand < 0 || operand >= strides.length) continue;
            System.arraycopy(strides[operand], 0, f, 1 + MAX_RANK * (slot + 1), rank());
        }
        return f;
    }
}
