package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Conv2dSpec;

/**
 * General grouped, strided, dilated convolution as im2col + GEMM, parallel over images. A 1x1 convolution
 * with stride 1 and no padding multiplies the image directly, with no column buffer.
 */
final class CpuConv {
    private CpuConv() {}

    /** Dimensions of one convolution, derived once. */
    record Geometry(int n, int cin, int h, int w, int cout, int ho, int wo, Conv2dSpec spec) {
        int groups() { return spec.groups(); }
        int cinG() { return cin / spec.groups(); }
        int coutG() { return cout / spec.groups(); }
        int kk() { return spec.kernel() * spec.kernel(); }
        /** Rows of the column matrix of one group. */
        int colRows() { return cinG() * kk(); }
        int outPlane() { return ho * wo; }
        int inPlane() { return h * w; }
        boolean pointwise() {
            return spec.kernel() == 1 && spec.stride() == 1 && spec.padding() == 0;
        }
    }

    private static final ThreadLocal<float[][]> COLUMNS = ThreadLocal.withInitial(() -> new float[1][0]);

    private static float[] columns(int size) {
        float[][] holder = COLUMNS.get();
        if (holder[0].length < size) holder[0] = new float[size];
        return holder[0];
    }

    static void forward(Geometry g, float[] x, int xo, float[] w, int wo, float[] y, int yo) {
        Parallel.range(g.n(), 1, (from, to) -> {
            for (int img = from; img < to; img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int xOff = xo + (img * g.cin() + grp * g.cinG()) * g.inPlane();
                    int yOff = yo + (img * g.cout() + grp * g.coutG()) * g.outPlane();
                    int wOff = wo + grp * g.coutG() * g.colRows();
                    float[] col;
                    int colOff;
                    if (g.pointwise()) {
                        col = x;
                        colOff = xOff;
                    } else {
                        col = columns(g.colRows() * g.outPlane());
                        colOff = 0;
                        im2col(g, x, xOff, col);
                    }
                    Sgemm.gemm(false, false, g.coutG(), g.outPlane(), g.colRows(), 1f, w, wOff, col, colOff, 0f, y, yOff);
                }
            }
        });
    }

    static void backwardData(Geometry g, float[] gy, int gyo, float[] w, int wo, float[] gx, int gxo) {
        Parallel.range(g.n(), 1, (from, to) -> {
            for (int img = from; img < to; img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int gxOff = gxo + (img * g.cin() + grp * g.cinG()) * g.inPlane();
                    int gyOff = gyo + (img * g.cout() + grp * g.coutG()) * g.outPlane();
                    int wOff = wo + grp * g.coutG() * g.colRows();
                    if (g.pointwise()) {
                        Sgemm.gemm(true, false, g.colRows(), g.outPlane(), g.coutG(), 1f, w, wOff, gy, gyOff, 0f, gx, gxOff);
                    } else {
                        float[] col = columns(g.colRows() * g.outPlane());
                        Sgemm.gemm(true, false, g.colRows(), g.outPlane(), g.coutG(), 1f, w, wOff, gy, gyOff, 0f, col, 0);
                        col2im(g, col, gx, gxOff);
                    }
                }
            }
        });
    }

    static void backwardFilter(Geometry g, float[] x, int xo, float[] gy, int gyo, float[] gw, int gwo) {
        int wSize = g.cout() * g.colRows();
        int parts = Math.min(Parallel.threads(), g.n());
        float[][] partial = new float[parts][];
        Parallel.parts(parts, part -> {
            float[] acc = new float[wSize];
            int from = (int) ((long) g.n() * part / parts);
            int to = (int) ((long) g.n() * (part + 1) / parts);
            for (int img = from; img < to; img++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    int xOff = xo + (img * g.cin() + grp * g.cinG()) * g.inPlane();
                    int gyOff = gyo + (img * g.cout() + grp * g.coutG()) * g.outPlane();
                    int wOff = grp * g.coutG() * g.colRows();
                    float[] col;
                    int colOff;
                    if (g.pointwise()) {
                        col = x;
                        colOff = xOff;
                    } else {
                        col = columns(g.colRows() * g.outPlane());
                        colOff = 0;
                        im2col(g, x, xOff, col);
                    }
                    Sgemm.gemm(false, true, g.coutG(), g.colRows(), g.outPlane(), 1f, gy, gyOff, col, colOff, 1f, acc, wOff);
                }
            }
            partial[part] = acc;
        });
        for (int i = 0; i < wSize; i++) {
            float s = 0f;
            for (float[] p : partial) s += p[i];
            gw[gwo + i] = s;
        }
    }

    /** Column matrix [cinG * k * k, ho * wo] of one image's group, zeros where the window leaves the image. */
    static void im2col(Geometry g, float[] x, int xOff, float[] col) {
        int k = g.spec().kernel();
        int s = g.spec().stride();
        int p = g.spec().padding();
        int d = g.spec().dilation();
        int row = 0;
        for (int c = 0; c < g.cinG(); c++) {
            int plane = xOff + c * g.inPlane();
            for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++, row++) {
                    int dst = row * g.outPlane();
                    for (int oh = 0; oh < g.ho(); oh++) {
                        int ih = oh * s - p + kh * d;
                        int o = dst + oh * g.wo();
                        if (ih < 0 || ih >= g.h()) {
                            java.util.Arrays.fill(col, o, o + g.wo(), 0f);
                            continue;
                        }
                        int src = plane + ih * g.w();
                        int iw0 = kw * d - p;
                        for (int ow = 0; ow < g.wo(); ow++) {
                            int iw = ow * s + iw0;
                            col[o + ow] = iw >= 0 && iw < g.w() ? x[src + iw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Adds a column matrix back into image layout (the adjoint of im2col); overwrites gx's group first. */
    static void col2im(Geometry g, float[] col, float[] gx, int gxOff) {
        java.util.Arrays.fill(gx, gxOff, gxOff + g.cinG() * g.inPlane(), 0f);
        int k = g.spec().kernel();
        int s = g.spec().stride();
        int p = g.spec().padding();
        int d = g.spec().dilation();
        int row = 0;
        for (int c = 0; c < g.cinG(); c++) {
            int plane = gxOff + c * g.inPlane();
            for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++, row++) {
                    int src = row * g.outPlane();
                    for (int oh = 0; oh < g.ho(); oh++) {
                        int ih = oh * s - p + kh * d;
                        if (ih < 0 || ih >= g.h()) continue;
                        int dst = plane + ih * g.w();
                        int o = src + oh * g.wo();
                        int iw0 = kw * d - p;
                        for (int ow = 0; ow < g.wo(); ow++) {
                            int iw = ow * s + iw0;
                            if (iw >= 0 && iw < g.w()) gx[dst + iw] += col[o + ow];
                        }
                    }
                }
            }
        }
    }
}
