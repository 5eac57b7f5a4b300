package dev.blocknas.tensor.cpu;

/**
 * C = alpha * A * B^T (+ C) computed as dot products along k, with A [m, k] and B [n, k] both read in place:
 * the product that needs no packing when both operands are contiguous along k (filter gradients, fully
 * connected layers).
 */
interface DotKernel {
    /** Rows [i0, i1) of C [m, n] (leading dimension n); adds to C when {@code add}, else overwrites it. */
    void rows(int i0, int i1, int n, int k, float alpha, float[] a, int ao, float[] b, int bo, float[] c, int co,
              boolean add);
}
