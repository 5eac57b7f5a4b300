package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.ops.Convolutions;
import dev.blocknas.tensor.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The im2col and depthwise convolutions against the definition, a six-deep loop in double. */
class ConvolutionReferenceTest {

    @ParameterizedTest(name = "N{0} C{1} H{2} W{3} Cout{4} k{5} s{6} p{7} d{8} g{9}")
    @CsvSource({"2,3,9,7,4,3,1,1,1,1", "1,4,8,8,6,1,1,0,1,1", "2,4,11,10,8,5,2,2,1,2", "1,2,12,9,3,3,2,2,2,1",
            "3,6,7,7,6,3,1,1,1,6", "2,5,10,9,5,5,2,2,1,5", "1,3,13,11,3,7,2,3,1,3"})
    void forwardMatchesTheDefinition(int n, int c, int h, int w, int cout, int k, int s, int p, int d, int g) {
        try (Scope scope = Scope.open()) {
            Rng rng = new Rng(n * 100 + c * 10 + k);
            Tensor x = Tensor.randn(rng, Device.CPU, n, c, h, w);
            Tensor wt = Tensor.randn(rng, Device.CPU, cout, c / g, k, k);
            float[] got = Convolutions.conv2d(x, wt, null, s, p, d, g).toArray();
            float[] expected = reference(x.toArray(), wt.toArray(), n, c, h, w, cout, k, s, p, d, g);
            Tolerance.assertClose(expected, got, 1e-5, "conv2d");
        }
    }

    static float[] reference(float[] x, float[] wt, int n, int c, int h, int w, int cout, int k, int s, int p, int d,
                             int g) {
        int ho = (h + 2 * p - d * (k - 1) - 1) / s + 1;
        int wo = (w + 2 * p - d * (k - 1) - 1) / s + 1;
        int cinG = c / g;
        int coutG = cout / g;
        float[] y = new float[n * cout * ho * wo];
        for (int img = 0; img < n; img++)
            for (int oc = 0; oc < cout; oc++)
                for (int oh = 0; oh < ho; oh++)
                    for (int ow = 0; ow < wo; ow++) {
                        double acc = 0;
                        int grp = oc / coutG;
                        for (int ic = 0; ic < cinG; ic++)
                            for (int kh = 0; kh < k; kh++)
                                for (int kw = 0; kw < k; kw++) {
                                    int ih = oh * s - p + kh * d;
                                    int iw = ow * s - p + kw * d;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    int ci = grp * cinG + ic;
                                    acc += (double) x[((img * c + ci) * h + ih) * w + iw]
                                            * wt[((oc * cinG + ic) * k + kh) * k + kw];
                                }
                        y[((img * cout + oc) * ho + oh) * wo + ow] = (float) acc;
                    }
        return y;
    }
}
