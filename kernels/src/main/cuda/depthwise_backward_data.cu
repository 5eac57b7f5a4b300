// Depthwise convolution, gradient of the input: gx = transposed convolution of gy with w, NCHW fp32.
// Work: 2*K*K*N*C*Ho*Wo FLOP (the forward's). Minimum traffic: read gy once (4*N*C*Ho*Wo bytes), write gx
// once (4*N*C*H*W bytes). Memory bound, as the forward.
//
// Gather form (no atomics, every gx element written exactly once). Write ih + pad = S*qh + rh with
// 0 <= rh < S; then gx(ih, iw) = sum over jh, jw of w[rh + S*jh][rw + S*jw] * gy(qh - jh, qw - jw),
// jh, jw < J = ceil(K / S). A work item owns R rows x 1 column of this q-grid and so the S*S gx elements of
// each (qh, qw): with the phases (rh, rw) fixed per register, every tap index is a compile-time constant
// and no thread tests parities. Tiles of the q-grid stage the gy rows they read (zero halo) in shared
// memory as the forward does; each staged row is reused by the R rows of the item.
#include "depthwise_common.cuh"

template <int K, int S, int R>
__device__ __forceinline__ void dw_backward_data(const float* __restrict__ gy, const float* __restrict__ w,
                                                 float* __restrict__ gx, const DwArgs& a) {
    constexpr int J = (K + S - 1) / S;
    extern __shared__ float4 smem4[];
    float* sm = reinterpret_cast<float*>(smem4);
    const int t = blockIdx.x;
    const int group = t / a.tilesH, rt = t - group * a.tilesH;
    const int p0 = group * a.P;
    const int nPl = min(a.P, a.planes - p0);
    const int q0 = rt * a.tileRows;  // first q row of the tile, relative to qLoH
    // Staged row 0 is gy row (qLoH + q0) - (J - 1); staged column 0 is gy column qLoW - (J - 1).
    dw_stage(sm, gy, a, p0, nPl, a.qLoH + q0 - (J - 1), a.qLoW - (J - 1));

    const int groups = a.tileRows / R;
    const int items = nPl * groups * a.workCols;
    for (int i = threadIdx.x; i < items; i += blockDim.x) {
        const unsigned rest = fast_div(i, a.fdWorkCols);
        const int qc = i - rest * a.workCols;
        const unsigned pl = fast_div(rest, a.fdGroups);
        const int g = rest - pl * groups;
        const int plane = p0 + pl;
        float wr[K * K];
        dw_load_taps<K>(w, plane % a.C, wr);
        float acc[R][S][S];
#pragma unroll
        for (int r = 0; r < R; ++r)
#pragma unroll
            for (int rh = 0; rh < S; ++rh)
#pragma unroll
                for (int rw = 0; rw < S; ++rw) acc[r][rh][rw] = 0.f;
        // Staged row (g*R + r) + (J-1) - jh holds gy row qh - jh of output row r; column qc + (J-1) - jw
        // holds gy column qw - jw.
        const float* gs = sm + (pl * a.rowsS + g * R) * a.Ws + qc;
#pragma unroll
        for (int rr = 0; rr < R + J - 1; ++rr) {
            float v[J];
#pragma unroll
            for (int cc = 0; cc < J; ++cc) v[cc] = gs[rr * a.Ws + cc];
#pragma unroll
            for (int r = 0; r < R; ++r) {
                const int jh = r + J - 1 - rr;
                if (jh < 0 || jh >= J) continue;
#pragma unroll
                for (int rh = 0; rh < S; ++rh) {
                    const int kh = rh + S * jh;
                    if (kh >= K) continue;
#pragma unroll
                    for (int cc = 0; cc < J; ++cc) {
                        const int jw = J - 1 - cc;
#pragma unroll
                        for (int rw = 0; rw < S; ++rw) {
                            const int kw = rw + S * jw;
                            if (kw < K) acc[r][rh][rw] = fmaf(wr[kh * K + kw], v[cc], acc[r][rh][rw]);
                        }
                    }
                }
            }
        }
        const int qh = a.qLoH + q0 + g * R;
        const int qw = a.qLoW + qc;
        float* gp = gx + (size_t)plane * a.dstH * a.dstW;
#pragma unroll
        for (int r = 0; r < R; ++r) {
            if (q0 + g * R + r >= a.workRows) break;
#pragma unroll
            for (int rh = 0; rh < S; ++rh) {
                const int ih = S * (qh + r) + rh - a.pad;
                if (ih < 0 || ih >= a.dstH) continue;
#pragma unroll
                for (int rw = 0; rw < S; ++rw) {
                    const int iw = S * qw + rw - a.pad;
                    if (iw >= 0 && iw < a.dstW) gp[(size_t)ih * a.dstW + iw] = acc[r][rh][rw];
                }
            }
        }
    }
}

#define DW_BACKWARD_DATA(K, S, R)                                                                          \
    extern "C" __global__ void __launch_bounds__(256) depthwise_backward_data_k##K##_s##S(               \
        const float* __restrict__ gy, const float* __restrict__ w, float* __restrict__ gx, DwArgs a) { \
        dw_backward_data<K, S, R>(gy, w, gx, a);                                                       \
    }

DW_BACKWARD_DATA(3, 1, 4)
DW_BACKWARD_DATA(3, 2, 2)
DW_BACKWARD_DATA(5, 1, 4)
DW_BACKWARD_DATA(5, 2, 2)
DW_BACKWARD_DATA(7, 1, 4)
DW_BACKWARD_DATA(7, 2, 2)
