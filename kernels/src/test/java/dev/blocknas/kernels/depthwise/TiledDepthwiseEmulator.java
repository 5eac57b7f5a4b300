package dev.blocknas.kernels.depthwise;

import dev.blocknas.kernels.launch.FastDiv;

/**
 * A line-by-line Java transcription of the tiled depthwise kernels (depthwise_common.cuh, _forward.cu,
 * _backward_data.cu, _backward_filter.cu), run block by block and thread by thread on the CPU. It executes
 * the kernels' index arithmetic (staging offsets, halos, the q-grid of the data gradient, FastDiv decodes,
 * plan arguments) so that a geometry mistake fails on a machine without a GPU. Keep it in step with the .cu.
 */
final class TiledDepthwiseEmulator {
    private static final int THREADS = 256;

    private TiledDepthwiseEmulator() {}

    /** The DwArgs struct as named fields. */
    private record A(int C, int srcH, int srcW, int dstH, int dstW, int pad, int planes, int P, int planeStride,
                     int tileRows, int tilesH, int rowsS, int Ws, int workCols, int workRows, int qLoH, int qLoW,
                     boolean vec, int splits, FastDiv fdCols, FastDiv fdRows, FastDiv fdWorkCols, FastDiv fdGroups) {
        static A of(int[] a) {
            return new A(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13], a[14],
                    a[15], a[16], a[17] == 1, a[18], fd(a, 19), fd(a, 22), fd(a, 25), fd(a, 28));
        }

        private static FastDiv fd(int[] a, int at) {
            return new FastDiv(a[at], a[at + 1], a[at + 2]);
        }
    }

    /** dw_stage: sm is [cells rounded to 4], poisoned by the caller between tiles to catch unstaged reads. */
    private static void stage(float[] sm, float[] src, A a, int planeBase, int nPl, int rowOff, int colOff) {
        int cells = nPl * a.rowsS * a.Ws;
        for (int i = 0; i < (cells + 3) / 4 * 4; i++) sm[i] = 0f;
        long planeSize = (long) a.srcH * a.srcW;
        if (a.vec) {
            int cw = a.srcW >> 2;
            int total = nPl * a.rowsS * cw;
            for (int tid = 0; tid < THREADS; tid++) {
                for (int base = tid; base < total; base += 4 * THREADS) {
                    for (int u = 0; u < 4; u++) {
                        int i = base + u * THREADS;
                        if (i >= total) continue;
                        int rest = a.fdCols.divide(i);
                        int c4 = i - rest * cw;
                        int pl = a.fdRows.divide(rest);
                        int r = rest - pl * a.rowsS;
                        int gr = r + rowOff;
                        if (gr < 0 || gr >= a.srcH) continue;
                        long p = (planeBase + (long) pl * a.planeStride) * planeSize + (long) gr * a.srcW + 4L * c4;
                        int row = pl * a.rowsS + r;
                        int j = 4 * c4 - colOff;
                        for (int e = 0; e < 4; e++) {
                            if (j + e >= 0 && j + e < a.Ws) sm[row * a.Ws + j + e] = src[(int) (p + e)];
                        }
                    }
                }
            }
        } else {
            for (int tid = 0; tid < THREADS; tid++) {
                for (int base = tid; base < cells; base += 4 * THREADS) {
                    for (int u = 0; u < 4; u++) {
                        int i = base + u * THREADS;
                        if (i >= cells) continue;
                        int rest = a.fdCols.divide(i);
                        int j = i - rest * a.Ws;
                        int pl = a.fdRows.divide(rest);
                        int r = rest - pl * a.rowsS;
                        int gr = r + rowOff;
                        int gc = j + colOff;
                        if (gr >= 0 && gr < a.srcH && gc >= 0 && gc < a.srcW) {
                            sm[i] = src[(int) ((planeBase + (long) pl * a.planeStride) * planeSize + (long) gr * a.srcW + gc)];
                        }
                    }
                }
            }
        }
    }

    static void forward(DepthwiseLaunch plan, float[] x, float[] w, float[] y) {
        A a = A.of(plan.args());
        int K = plan.k();
        int S = plan.stride();
        int R = plan.r();
        float[] sm = new float[plan.sharedBytes() / 4];
        for (int t = 0; t < plan.grid(); t++) {
            int group = t / a.tilesH;
            int rt = t - group * a.tilesH;
            int p0 = group * a.P;
            int nPl = Math.min(a.P, a.planes - p0);
            int oh0 = rt * a.tileRows;
            stage(sm, x, a, p0, nPl, oh0 * S - a.pad, -a.pad);
            int groups = a.tileRows / R;
            int items = nPl * groups * a.workCols;
            for (int i = 0; i < items; i++) {
                int rest = a.fdWorkCols.divide(i);
                int col = i - rest * a.workCols;
                int pl = a.fdGroups.divide(rest);
                int g = rest - pl * groups;
                int plane = p0 + pl;
                int c = plane % a.C;
                float[] acc = new float[R];
                int xs = (pl * a.rowsS + g * R * S) * a.Ws + col * S;
                for (int rr = 0; rr < (R - 1) * S + K; rr++) {
                    float[] v = new float[K];
                    for (int kw = 0; kw < K; kw++) v[kw] = sm[xs + rr * a.Ws + kw];
                    for (int r = 0; r < R; r++) {
                        int kh = rr - r * S;
                        if (kh >= 0 && kh < K) {
                            for (int kw = 0; kw < K; kw++) acc[r] = Math.fma(w[c * K * K + kh * K + kw], v[kw], acc[r]);
                        }
                    }
                }
                int oh = oh0 + g * R;
                for (int r = 0; r < R; r++) {
                    if (oh + r < a.dstH) y[plane * a.dstH * a.dstW + (oh + r) * a.dstW + col] = acc[r];
                }
            }
        }
    }

    static void backwardData(DepthwiseLaunch plan, float[] gy, float[] w, float[] gx) {
        A a = A.of(plan.args());
        int K = plan.k();
        int S = plan.stride();
        int R = plan.r();
        int J = (K + S - 1) / S;
        float[] sm = new float[plan.sharedBytes() / 4];
        for (int t = 0; t < plan.grid(); t++) {
            int group = t / a.tilesH;
            int rt = t - group * a.tilesH;
            int p0 = group * a.P;
            int nPl = Math.min(a.P, a.planes - p0);
            int q0 = rt * a.tileRows;
            stage(sm, gy, a, p0, nPl, a.qLoH + q0 - (J - 1), a.qLoW - (J - 1));
            int groups = a.tileRows / R;
            int items = nPl * groups * a.workCols;
            for (int i = 0; i < items; i++) {
                int rest = a.fdWorkCols.divide(i);
                int qc = i - rest * a.workCols;
                int pl = a.fdGroups.divide(rest);
                int g = rest - pl * groups;
                int plane = p0 + pl;
                int c = plane % a.C;
                float[][][] acc = new float[R][S][S];
                int gs = (pl * a.rowsS + g * R) * a.Ws + qc;
                for (int rr = 0; rr < R + J - 1; rr++) {
                    float[] v = new float[J];
                    for (int cc = 0; cc < J; cc++) v[cc] = sm[gs + rr * a.Ws + cc];
                    for (int r = 0; r < R; r++) {
                        int jh = r + J - 1 - rr;
                        if (jh < 0 || jh >= J) continue;
                        for (int rh = 0; rh < S; rh++) {
                            int kh = rh + S * jh;
                            if (kh >= K) continue;
                            for (int cc = 0; cc < J; cc++) {
                                int jw = J - 1 - cc;
                                for (int rw = 0; rw < S; rw++) {
                                    int kw = rw + S * jw;
                                    if (kw < K) acc[r][rh][rw] = Math.fma(w[c * K * K + kh * K + kw], v[cc], acc[r][rh][rw]);
                                }
                            }
                        }
                    }
                }
                int qh = a.qLoH + q0 + g * R;
                int qw = a.qLoW + qc;
                for (int r = 0; r < R; r++) {
                    if (q0 + g * R + r >= a.workRows) break;
                    for (int rh = 0; rh < S; rh++) {
                        int ih = S * (qh + r) + rh - a.pad;
                        if (ih < 0 || ih >= a.dstH) continue;
                        for (int rw = 0; rw < S; rw++) {
                            int iw = S * qw + rw - a.pad;
                            if (iw >= 0 && iw < a.dstW) gx[plane * a.dstH * a.dstW + ih * a.dstW + iw] = acc[r][rh][rw];
                        }
                    }
                }
            }
        }
    }

    static void backwardFilter(DepthwiseLaunch plan, float[] x, float[] gy, float[] gw) {
        A a = A.of(plan.args());
        int K = plan.k();
        int S = plan.stride();
        int R = plan.r();
        int KK = K * K;
        float[] sm = new float[plan.sharedBytes() / 4];
        float[] partial = new float[a.C * a.splits * KK];
        int groupsPerPlane = a.tileRows / R;
        int tiles = ((a.planes + a.P - 1) / a.P) * a.tilesH;
        for (int block = 0; block < plan.grid(); block++) {
            int c = block / a.splits;
            int s = block - c * a.splits;
            float[][] acc = new float[THREADS][KK];
            for (int t = s; t < tiles; t += a.splits) {
                int group = t / a.tilesH;
                int rt = t - group * a.tilesH;
                int n0 = group * a.P;
                int nPl = Math.min(a.P, a.planes - n0);
                int oh0 = rt * a.tileRows;
                stage(sm, x, a, n0 * a.C + c, nPl, oh0 * S - a.pad, -a.pad);
                int items = nPl * groupsPerPlane * a.workCols;
                for (int tid = 0; tid < THREADS; tid++) {
                    for (int i = tid; i < items; i += THREADS) {
                        int rest = a.fdWorkCols.divide(i);
                        int col = i - rest * a.workCols;
                        int pl = a.fdGroups.divide(rest);
                        int g = rest - pl * groupsPerPlane;
                        int oh = oh0 + g * R;
                        int gp = ((n0 + pl) * a.C + c) * a.dstH * a.dstW + oh * a.dstW + col;
                        float[] gv = new float[R];
                        for (int r = 0; r < R; r++) gv[r] = oh + r < a.dstH ? gy[gp + r * a.dstW] : 0f;
                        int xs = (pl * a.rowsS + g * R * S) * a.Ws + col * S;
                        for (int rr = 0; rr < (R - 1) * S + K; rr++) {
                            for (int r = 0; r < R; r++) {
                                int kh = rr - r * S;
                                if (kh >= 0 && kh < K) {
                                    for (int kw = 0; kw < K; kw++) {
                                        acc[tid][kh * K + kw] = Math.fma(gv[r], sm[xs + rr * a.Ws + kw], acc[tid][kh * K + kw]);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            for (int k = 0; k < KK; k++) {
                double sum = 0;
                for (int wi = 0; wi < THREADS / 32; wi++) {
                    float warp = 0f;
                    for (int lane = 0; lane < 32; lane++) warp += acc[wi * 32 + lane][k];
                    sum += warp;
                }
                partial[(c * a.splits + s) * KK + k] = (float) sum;
            }
        }
        for (int i = 0; i < a.C * KK; i++) {  // depthwise_filter_finish
            int c = i / KK;
            int k = i - c * KK;
            double sum = 0;
            for (int s = 0; s < a.splits; s++) sum += partial[(c * a.splits + s) * KK + k];
            gw[i] = (float) sum;
        }
    }
}
