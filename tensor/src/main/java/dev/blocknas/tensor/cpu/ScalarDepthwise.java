package dev.blocknas.tensor.cpu;

/**
 * Depthwise convolution as plain loops over each (image, channel) plane: the fallback without the Vector
 * API and the reference the vectorised passes are tested against. Per kernel tap, the valid output
 * columns are computed once so the inner loop has no bounds checks.
 */
final class ScalarDepthwise implements DepthwiseKernel {
    @Override
    public void forward(CpuDepthwise.Geometry g, float[] x, int xo, float[] w, int wo, float[] y, int yo) {
        Parallel.range(g.n() * g.c(), 4, (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int ch = nc % g.c();
                int xp = xo + nc * g.h() * g.w();
                int yp = yo + nc * g.ho() * g.wo();
                int wp = wo + ch * g.k() * g.k();
                java.util.Arrays.fill(y, yp, yp + g.ho() * g.wo(), 0f);
                for (int oh = 0; oh < g.ho(); oh++) {
                    int yr = yp + oh * g.wo();
                    for (int kh = 0; kh < g.k(); kh++) {
                        int ih = oh * g.stride() - g.pad() + kh;
                        if (ih < 0 || ih >= g.h()) continue;
                        int xr = xp + ih * g.w();
                        for (int kw = 0; kw < g.k(); kw++) {
                            float wv = w[wp + kh * g.k() + kw];
                            int s = g.owStart(kw);
                            int e = g.owEnd(kw);
                            int xc = xr + kw - g.pad();
                            if (g.stride() == 1) {
                                for (int ow = s; ow < e; ow++) y[yr + ow] += wv * x[xc + ow];
                            } else {
                                for (int ow = s; ow < e; ow++) y[yr + ow] += wv * x[xc + ow * g.stride()];
                            }
                        }
                    }
                }
            }
        });
    }

    @Override
    public void backwardData(CpuDepthwise.Geometry g, float[] gy, int gyo, float[] w, int wo, float[] gx, int gxo) {
        Parallel.range(g.n() * g.c(), 4, (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int ch = nc % g.c();
                int xp = gxo + nc * g.h() * g.w();
                int yp = gyo + nc * g.ho() * g.wo();
                int wp = wo + ch * g.k() * g.k();
                java.util.Arrays.fill(gx, xp, xp + g.h() * g.w(), 0f);
                for (int oh = 0; oh < g.ho(); oh++) {
                    int yr = yp + oh * g.wo();
                    for (int kh = 0; kh < g.k(); kh++) {
                        int ih = oh * g.stride() - g.pad() + kh;
                        if (ih < 0 || ih >= g.h()) continue;
                        int xr = xp + ih * g.w();
                        for (int kw = 0; kw < g.k(); kw++) {
                            float wv = w[wp + kh * g.k() + kw];
                            int s = g.owStart(kw);
                            int e = g.owEnd(kw);
                            int xc = xr + kw - g.pad();
                            if (g.stride() == 1) {
                                for (int ow = s; ow < e; ow++) gx[xc + ow] += wv * gy[yr + ow];
                            } else {
                                for (int ow = s; ow < e; ow++) gx[xc + ow * g.stride()] += wv * gy[yr + ow];
                            }
                        }
                    }
                }
            }
        });
    }

    @Override
    public void backwardFilter(CpuDepthwise.Geometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo) {
        int kk = g.k() * g.k();
        Parallel.range(g.c(), 1, (from, to) -> {
            double[] acc = new double[kk];
            for (int ch = from; ch < to; ch++) {
                java.util.Arrays.fill(acc, 0.0);
                for (int img = 0; img < g.n(); img++) {
                    int nc = img * g.c() + ch;
                    int xp = xo + nc * g.h() * g.w();
                    int yp = gyo + nc * g.ho() * g.wo();
                    for (int kh = 0; kh < g.k(); kh++) {
                        for (int kw = 0; kw < g.k(); kw++) {
                            int s = g.owStart(kw);
                            int e = g.owEnd(kw);
                            float sum = 0f;
                            for (int oh = 0; oh < g.ho(); oh++) {
                                int ih = oh * g.stride() - g.pad() + kh;
                                if (ih < 0 || ih >= g.h()) continue;
                                int xc = xp + ih * g.w() + kw - g.pad();
                                int yr = yp + oh * g.wo();
                                if (g.stride() == 1) {
                                    for (int ow = s; ow < e; ow++) sum += gy[yr + ow] * x[xc + ow];
                                } else {
                                    for (int ow = s; ow < e; ow++) sum += gy[yr + ow] * x[xc + ow * g.stride()];
                                }
                            }
                            acc[kh * g.k() + kw] += sum;
                        }
                    }
                }
                for (int i = 0; i < kk; i++) gw[gwo + ch * kk + i] = (float) acc[i];
            }
        });
    }
}
