package dev.blocknas.tensor.cpu;

/**
 * Short strided row copies for im2col and its adjoint. {@link #best()} picks the Vector API implementation
 * when the incubator module is loaded (stride 1 and 2 as vector shuffles), else plain loops.
 */
interface StridedRows {
    /** dst[d + i] = src[s + i * stride] for i in [0, n). */
    void gather(float[] src, int s, int stride, float[] dst, int d, int n);

    /** dst[d + i * stride] += src[s + i] for i in [0, n). */
    void scatterAdd(float[] src, int s, float[] dst, int d, int stride, int n);

    static StridedRows best() {
        if (MicroKernel.vectorAvailable()) {
            try {
                return (StridedRows) Class.forName("dev.blocknas.tensor.cpu.VectorStridedRows")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall back to the plain loops below
            }
        }
        return new ScalarStridedRows();
    }
}
