package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.testing.Tolerance;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

/** Both depthwise kernels, all three passes, against loops in double on odd shapes, strides and paddings. */
class DepthwiseKernelTest {

    private static final String SHAPES = """
            2,3,9,7,3,1,1
            1,5,28,28,5,1,2
            2,4,13,11,5,2,2
            1,3,56,56,7,2,3
            3,2,7,7,7,1,3
            2,3,8,9,3,2,1
            1,2,10,10,1,2,0
            1,2,11,7,3,3,1
            1,2,9,9,3,1,0
            1,2,6,6,3,1,4
            2,3,17,33,5,2,2
            1,1,1,1,3,1,1
            2,2,5,40,3,1,1
            1,3,4,4,2,1,0
            2,3,4,4,7,1,3
            1,2,14,14,7,1,3
            2,3,7,7,5,1,2
            2,4,7,7,3,1,1
            2,3,8,8,3,1,1
            3,2,3,5,5,1,2
            2,3,13,11,5,1,2
            2,2,10,16,3,1,1
            1,3,15,9,7,1,3
            3,2,14,14,3,1,1
            """;

    @ParameterizedTest(name = "vector N{0} C{1} H{2} W{3} k{4} s{5} p{6}")
    @CsvSource(textBlock = SHAPES)
    void vectorKernelMatchesTheDefinition(int n, int c, int h, int w, int k, int s, int p) {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        check(new VectorDepthwise(), n, c, h, w, k, s, p);
    }

    @ParameterizedTest(name = "scalar N{0} C{1} H{2} W{3} k{4} s{5} p{6}")
    @CsvSource(textBlock = SHAPES)
    void scalarKernelMatchesTheDefinition(int n, int c, int h, int w, int k, int s, int p) {
        check(new ScalarDepthwise(), n, c, h, w, k, s, p);
    }

    /**
     * The vector kernel's forward and data gradient give each output the float chain of fused multiply-adds over
     * its taps in tap order (kh, then kw), whatever flat layout it uses: the training bits depend on it.
     */
    @ParameterizedTest(name = "chain N{0} C{1} H{2} W{3} k{4} s{5} p{6}")
    @CsvSource(textBlock = SHAPES)
    void vectorKernelIsTheFusedChainInTapOrder(int n, int c, int h, int w, int k, int s, int p) {
        Assumptions.assumeTrue(MicroKernel.vectorAvailable(), "needs --add-modules jdk.incubator.vector");
        int ho = (h + 2 * p - k) / s + 1;
        int wo = (w + 2 * p - k) / s + 1;
        var g = new CpuDepthwise.Geometry(n, c, h, w, k, s, p, ho, wo);
        SplittableRandom r = new SplittableRandom(n * 999L + c * 101L + h * 11L + k * 5L + s);
        float[] x = random(r, n * c * h * w);
        float[] wt = random(r, c * k * k);
        float[] gy = random(r, n * c * ho * wo);
        float[] y = new float[gy.length];
        float[] gx = new float[x.length];
        for (int img = 0; img < n; img++) {
            for (int ch = 0; ch < c; ch++) {
                int xp = (img * c + ch) * h * w;
                int yp = (img * c + ch) * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    for (int ow = 0; ow < wo; ow++) {
                        float acc = 0f;
                        for (int kh = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++) {
                                int ih = oh * s - p + kh;
                                int iw = ow * s - p + kw;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                acc = Math.fma(x[xp + ih * w + iw], wt[(ch * k + kh) * k + kw], acc);
                            }
                        }
                        y[yp + oh * wo + ow] = acc;
                    }
                }
                for (int ih = 0; ih < h; ih++) {
                    for (int iw = 0; iw < w; iw++) {
                        float acc = 0f;
                        for (int kh = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++) {
                                int oh = ih + p - kh;
                                int ow = iw + p - kw;
                                if (oh < 0 || ow < 0 || oh % s != 0 || ow % s != 0 || oh / s >= ho || ow / s >= wo)
                                    continue;
                                acc = Math.fma(gy[yp + oh / s * wo + ow / s], wt[(ch * k + kh) * k + kw], acc);
                            }
                        }
                        gx[xp + ih * w + iw] = acc;
                    }
                }
            }
        }
        var kernel = new VectorDepthwise();
        float[] gotY = filled(y.length);
        kernel.forward(g, x, 0, wt, 0, gotY, 0);
        Assertions.assertArrayEquals(y, gotY, "forward");
        float[] gotGx = filled(gx.length);
        kernel.backwardData(g, gy, 0, wt, 0, gotGx, 0);
        Assertions.assertArrayEquals(gx, gotGx, "backward data");
    }

    private static void check(DepthwiseKernel kernel, int n, int c, int h, int w, int k, int s, int p) {
        int ho = (h + 2 * p - k) / s + 1;
        int wo = (w + 2 * p - k) / s + 1;
        var g = new CpuDepthwise.Geometry(n, c, h, w, k, s, p, ho, wo);
        SplittableRandom r = new SplittableRandom(n * 1000L + c * 100L + h * 10L + k * 3L + s);
        int xo = 3, wOff = 5, yo = 2;
        float[] x = random(r, xo + n * c * h * w);
        float[] wt = random(r, wOff + c * k * k);
        float[] gy = random(r, yo + n * c * ho * wo);

        double[] y = new double[n * c * ho * wo];
        double[] gx = new double[n * c * h * w];
        double[] gw = new double[c * k * k];
        for (int img = 0; img < n; img++)
            for (int ch = 0; ch < c; ch++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++)
                        for (int kh = 0; kh < k; kh++)
                            for (int kw = 0; kw < k; kw++) {
                                int ih = oh * s - p + kh;
                                int iw = ow * s - p + kw;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                int xi = ((img * c + ch) * h + ih) * w + iw;
                                int yi = ((img * c + ch) * ho + oh) * wo + ow;
                                int wi = (ch * k + kh) * k + kw;
                                y[yi] += (double) x[xo + xi] * wt[wOff + wi];
                                gx[xi] += (double) gy[yo + yi] * wt[wOff + wi];
                                gw[wi] += (double) gy[yo + yi] * x[xo + xi];
                            }

        float[] gotY = filled(yo + y.length);
        kernel.forward(g, x, xo, wt, wOff, gotY, yo);
        Tolerance.assertClose(toFloat(y), slice(gotY, yo, y.length), 1e-6, "forward");
        float[] gotGx = filled(xo + gx.length);
        kernel.backwardData(g, gy, yo, wt, wOff, gotGx, xo);
        Tolerance.assertClose(toFloat(gx), slice(gotGx, xo, gx.length), 1e-6, "backward data");
        float[] gotGw = filled(wOff + gw.length);
        kernel.backwardFilter(g, x, xo, gy, yo, gotGw, wOff);
        Tolerance.assertClose(toFloat(gw), slice(gotGw, wOff, gw.length), 1e-6, "backward filter");
    }

    /** Garbage everywhere, so a pass that skips an element fails. */
    private static float[] filled(int len) {
        float[] a = new float[len];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    static float[] random(SplittableRandom r, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static float[] slice(float[] a, int off, int len) {
        return java.util.Arrays.copyOfRange(a, off, off + len);
    }
}
