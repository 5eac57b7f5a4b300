package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.UnaryOp;

/**
 * The innermost loops of the elementwise, reduction and batch-norm ops, each over one contiguous run of
 * floats; the callers split the work across cores. {@link #best()} picks the Vector API implementation when
 * the incubator module is loaded, else plain loops. Sums come back in double.
 */
interface RowKernels {
    /** y[i] = op(x[i]; alpha). */
    void unary(UnaryOp op, float alpha, float[] x, int xo, float[] y, int yo, int n);

    /**
     * gx[i] = g[i] * op'(x[i]), from x, the op's output y, or both: the fused fast path of the derivative that
     * {@code dev.blocknas.tensor.ops.UnaryRules} defines, held to it by {@code UnaryRulesTest}.
     */
    void unaryBackward(UnaryOp op, float alpha, float[] x, int xo, float[] y, int yo, float[] g, int go,
                       float[] gx, int gxo, int n);

    double sum(float[] x, int off, int n);

    float max(float[] x, int off, int n);

    /** Sum of (x[i] - mean)^2. */
    double sumSquaredDeviations(float[] x, int off, int n, float mean);

    /** y[i] = x[i] * scale + shift. */
    void scaleShift(float[] x, int xo, float[] y, int yo, int n, float scale, float shift);

    /** acc[0] += sum of g[i]; acc[1] += sum of g[i] * (x[i] - mean). */
    void gradientSums(float[] g, int go, float[] x, int xo, int n, float mean, double[] acc);

    /** gx[i] = a * g[i] + b * (x[i] - mean) + c: the batch-norm input gradient. */
    void normGradient(float[] g, int go, float[] x, int xo, float[] gx, int gxo, int n, float mean, float a, float b,
                      float c);

    static RowKernels best() {
        if (MicroKernel.vectorAvailable()) {
            try {
                return (RowKernels) Class.forName("dev.blocknas.tensor.cpu.VectorRowKernels")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall back to the plain loops below
            }
        }
        return new ScalarRowKernels();
    }
}
