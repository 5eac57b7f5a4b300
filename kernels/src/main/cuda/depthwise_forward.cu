// Depthwise convolution, forward: y[n,c] = x[n,c] (*) w[c], k x k taps, stride s, zero padding, NCHW fp32.
// Work: 2*K*K FLOP per output (N*C*Ho*Wo outputs). Minimum traffic: read x once (4*N*C*H*W bytes), write y
// once (4*N*C*Ho*Wo bytes), the taps (4*C*K*K) are noise. At K <= 7 that is < 25 FLOP/byte: memory bound
// on every GPU we target, so the design goal is one pass over x and y at full bandwidth.
//
// Variant 2 (tiled). One block per tile: P planes x tileRows output rows. The block stages the input rows
// the tile needs (with the zero halo) into shared memory with coalesced, 16-byte where possible, loads; then
// each thread computes R vertically adjacent outputs of one column, reusing each staged row it reads for
// every output whose window covers it (loads per output: ((R-1)*S+K)*K/R instead of K*K). Adjacent threads
// take adjacent columns, so the staged reads are conflict-free at stride 1 (2-way at stride 2) and the
// stores are coalesced. Small planes (7x7, 14x14) are packed P to a block so every block has work.
// Summation order per output is kh-major then kw, as in the CPU reference.
#include "depthwise_common.cuh"

template <int K, int S, int R>
__device__ __forceinline__ void dw_forward(const float* __restrict__ x, const float* __restrict__ w,
                                           float* __restrict__ y, const DwArgs& a) {
    extern __shared__ float4 smem4[];
    float* sm = reinterpret_cast<float*>(smem4);
    const int t = blockIdx.x;
    const int group = t / a.tilesH, rt = t - group * a.tilesH;
    const int p0 = group * a.P;
    const int nPl = min(a.P, a.planes - p0);
    const int oh0 = rt * a.tileRows;
    dw_stage(sm, x, a, p0, nPl, oh0 * S - a.pad, -a.pad);

    const int groups = a.tileRows / R;
    const int items = nPl * groups * a.workCols;
    for (int i = threadIdx.x; i < items; i += blockDim.x) {
        const unsigned rest = fast_div(i, a.fdWorkCols);
        const int col = i - rest * a.workCols;
        const unsigned pl = fast_div(rest, a.fdGroups);
        const int g = rest - pl * groups;
        const int plane = p0 + pl;
        float wr[K * K];
        dw_load_taps<K>(w, plane % a.C, wr);
        float acc[R];
#pragma unroll
        for (int r = 0; r < R; ++r) acc[r] = 0.f;
        const float* xs = sm + (pl * a.rowsS + g * R * S) * a.Ws + col * S;
#pragma unroll
        for (int rr = 0; rr < (R - 1) * S + K; ++rr) {
            float v[K];
#pragma unroll
            for (int kw = 0; kw < K; ++kw) v[kw] = xs[rr * a.Ws + kw];
#pragma unroll
            for (int r = 0; r < R; ++r) {
                const int kh = rr - r * S;  // a compile-time constant once unrolled
                if (kh >= 0 && kh < K) {
#pragma unroll
                    for (int kw = 0; kw < K; ++kw) acc[r] = fmaf(wr[kh * K + kw], v[kw], acc[r]);
                }
            }
        }
        const int oh = oh0 + g * R;
        float* yp = y + (size_t)plane * a.dstH * a.dstW + (size_t)oh * a.dstW + col;
#pragma unroll
        for (int r = 0; r < R; ++r) {
            if (oh + r < a.dstH) yp[r * a.dstW] = acc[r];
        }
    }
}

#define DW_FORWARD(K, S, R)                                                                              \
    extern "C" __global__ void __launch_bounds__(256) depthwise_forward_k##K##_s##S(                  \
        const float* __restrict__ x, const float* __restrict__ w, float* __restrict__ y, DwArgs a) { \
        dw_forward<K, S, R>(x, w, y, a);                                                             \
    }

DW_FORWARD(3, 1, 4)
DW_FORWARD(3, 2, 4)
DW_FORWARD(5, 1, 4)
DW_FORWARD(5, 2, 4)
DW_FORWARD(7, 1, 4)
DW_FORWARD(7, 2, 4)
