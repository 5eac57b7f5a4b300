package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.PoolKind;
import dev.blocknas.tensor.Pool2dSpec;

/** Max and average window pooling, parallel over (image, channel) planes. */
final class CpuPooling {
    private CpuPooling() {}

    static void forward(PoolKind kind, Pool2dSpec s, int planes, int h, int w, float[] x, int xo, float[] y, int yo) {
        int ho = s.out(h);
        int wo = s.out(w);
        float area = s.kernel() * s.kernel();
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xp = xo + pl * h * w;
                int yp = yo + pl * ho * wo;
                for (int oh = 0; oh < ho; oh++) {
                    for (int ow = 0; ow < wo; ow++) {
                        float acc = kind == PoolKind.MAX ? Float.NEGATIVE_INFINITY : 0f;
                        for (int kh = 0; kh < s.kernel(); kh++) {
                            int ih = oh * s.stride() - s.padding() + kh;
                            if (ih < 0 || ih >= h) continue;
                            for (int kw = 0; kw < s.kernel(); kw++) {
                                int iw = ow * s.stride() - s.padding() + kw;
                                if (iw < 0 || iw >= w) continue;
                                float v = x[xp + ih * w + iw];
                                acc = kind == PoolKind.MAX ? Math.max(acc, v) : acc + v;
                            }
                        }
                        y[yp + oh * wo + ow] = kind == PoolKind.MAX ? acc : acc / area;
                    }
                }
            }
        });
    }

    static void backward(PoolKind kind, Pool2dSpec s, int planes, int h, int w, float[] x, int xo, float[] gy, int gyo,
                         float[] gx, int gxo) {
        int ho = s.out(h);
        int wo = s.out(w);
        float area = s.kernel() * s.kernel();
        Parallel.range(planes, 4, (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xp = xo + pl * h * w;
                int gp = gxo + pl * h * w;
                int yp = gyo + pl * ho * wo;
                java.util.Arrays.fill(gx, gp, gp + h * w, 0f);
                for (int oh = 0; oh < ho; oh++) {
                    for (int ow = 0; ow < wo; ow++) {
                        float g = gy[yp + oh * wo + ow];
                        int best = -1;
                        float bestV = Float.NEGATIVE_INFINITY;
                        for (int kh = 0; kh < s.kernel(); kh++) {
                            int ih = oh * s.stride() - s.padding() + kh;
                            if (ih < 0 || ih >= h) continue;
                            for (int kw = 0; kw < s.kernel(); kw++) {
                                int iw = ow * s.stride() - s.padding() + kw;
                                if (iw < 0 || iw >= w) continue;
                                int at = ih * w + iw;
                                if (kind == PoolKind.AVG) {
                                    gx[gp + at] += g / area;
                                } else if (x[xp + at] > bestV) {
                                    bestV = x[xp + at];
                                    best = at;
                                }
                            }
                        }
                        if (kind == PoolKind.MAX && best >= 0) gx[gp + best] += g;
                    }
                }
            }
        });
    }
}
