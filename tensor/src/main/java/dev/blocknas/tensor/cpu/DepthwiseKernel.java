package dev.blocknas.tensor.cpu;

/**
 * The three depthwise passes over whole NCHW tensors. {@link #best()} picks the Vector API implementation
 * when the incubator module is loaded, else the plain loops.
 */
interface DepthwiseKernel {
    void forward(CpuDepthwise.Geometry g, float[] x, int xo, float[] w, int wo, float[] y, int yo);

    void backwardData(CpuDepthwise.Geometry g, float[] gy, int gyo, float[] w, int wo, float[] gx, int gxo);

    void backwardFilter(CpuDepthwise.Geometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo);

    static DepthwiseKernel best() {
        if (MicroKernel.vectorAvailable()) {
            try {
                return (DepthwiseKernel) Class.forName("dev.blocknas.tensor.cpu.VectorDepthwise")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall back to the plain loops below
            }
        }
        return new ScalarDepthwise();
    }
}
