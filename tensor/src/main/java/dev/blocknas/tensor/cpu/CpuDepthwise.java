package dev.blocknas.tensor.cpu;

/**
 * Depthwise convolution (one k x k filter per channel, dilation 1), run by the best {@link DepthwiseKernel}:
 * the Vector API one when the incubator module is loaded, else plain loops.
 */
final class CpuDepthwise {
    private static final DepthwiseKernel KERNEL = DepthwiseKernel.best();

    private CpuDepthwise() {}

    /** Plane geometry. */
    record Geometry(int n, int c, int h, int w, int k, int stride, int pad, int ho, int wo) {
        /** First output column whose input column ow*stride + kw - pad is >= 0. */
        int owStart(int kw) {
            int v = pad - kw;
            return v <= 0 ? 0 : (v + stride - 1) / stride;
        }

        /** One past the last output column whose input column is < w. */
        int owEnd(int kw) {
            int v = w - 1 + pad - kw;
            return v < 0 ? 0 : Math.min(wo, v / stride + 1);
        }
    }

    static void forward(Geometry g, float[] x, int xo, float[] w, int wo, float[] y, int yo) {
        KERNEL.forward(g, x, xo, w, wo, y, yo);
    }

    static void backwardData(Geometry g, float[] gy, int gyo, float[] w, int wo, float[] gx, int gxo) {
        KERNEL.backwardData(g, gy, gyo, w, wo, gx, gxo);
    }

    static void backwardFilter(Geometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo) {
        KERNEL.backwardFilter(g, x, xo, gy, gyo, gw, gwo);
    }
}
