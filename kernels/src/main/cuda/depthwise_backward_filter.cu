// Depthwise convolution, gradient of the taps: gw[c][kh][kw] = sum over n, oh, ow of
// gy[n,c,oh,ow] * x[n,c,oh*S-pad+kh, ow*S-pad+kw]. Work: 2*K*K*N*C*Ho*Wo FLOP. Minimum traffic: read x
// (4*N*C*H*W bytes) and gy (4*N*C*Ho*Wo bytes) once; the output is C*K*K floats. Memory bound.
//
// A per-channel reduction over N*Ho*Wo, in two deterministic stages (no atomics, bit-identical run to run):
//  1. grid = C x splits. Block (c, s) walks every splits-th tile of channel c (a tile: P images x tileRows
//     output rows of plane c), stages the x rows with their halo in shared memory as the forward does, reads
//     gy straight from global memory (each element once, coalesced), and accumulates K*K partial sums per
//     thread in registers. The block then reduces them (warp shuffles, then across warps in double) into
//     partial[c][s][K*K].
//  2. depthwise_filter_finish sums the splits of each tap in double, in order.
#include "depthwise_common.cuh"

template <int K, int S, int R>
__device__ __forceinline__ void dw_backward_filter(const float* __restrict__ x, const float* __restrict__ gy,
                                                   float* __restrict__ partial, const DwArgs& a) {
    extern __shared__ float4 smem4[];
    float* sm = reinterpret_cast<float*>(smem4);
    __shared__ float red[8][K * K];  // one row per warp; blockDim.x <= 256

    const int c = blockIdx.x / a.splits;
    const int s = blockIdx.x - c * a.splits;
    const int groupsPerPlane = a.tileRows / R;
    const int tiles = ((a.planes + a.P - 1) / a.P) * a.tilesH;

    float acc[K * K];
#pragma unroll
    for (int k = 0; k < K * K; ++k) acc[k] = 0.f;

    for (int t = s; t < tiles; t += a.splits) {  // uniform across the block: every thread stages every tile
        const int group = t / a.tilesH, rt = t - group * a.tilesH;
        const int n0 = group * a.P;
        const int nPl = min(a.P, a.planes - n0);
        const int oh0 = rt * a.tileRows;
        dw_stage(sm, x, a, n0 * a.C + c, nPl, oh0 * S - a.pad, -a.pad);

        const int items = nPl * groupsPerPlane * a.workCols;
        for (int i = threadIdx.x; i < items; i += blockDim.x) {
            const unsigned rest = fast_div(i, a.fdWorkCols);
            const int col = i - rest * a.workCols;
            const unsigned pl = fast_div(rest, a.fdGroups);
            const int g = rest - pl * groupsPerPlane;
            const int oh = oh0 + g * R;
            const float* gp = gy + (size_t)((n0 + (int)pl) * a.C + c) * a.dstH * a.dstW + (size_t)oh * a.dstW + col;
            float gv[R];
#pragma unroll
            for (int r = 0; r < R; ++r) gv[r] = oh + r < a.dstH ? __ldg(gp + r * a.dstW) : 0.f;
            const float* xs = sm + (pl * a.rowsS + g * R * S) * a.Ws + col * S;
#pragma unroll
            for (int rr = 0; rr < (R - 1) * S + K; ++rr) {
                float v[K];
#pragma unroll
                for (int kw = 0; kw < K; ++kw) v[kw] = xs[rr * a.Ws + kw];
#pragma unroll
                for (int r = 0; r < R; ++r) {
                    const int kh = rr - r * S;
                    if (kh >= 0 && kh < K) {
#pragma unroll
                        for (int kw = 0; kw < K; ++kw) acc[kh * K + kw] = fmaf(gv[r], v[kw], acc[kh * K + kw]);
                    }
                }
            }
        }
    }

    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
#pragma unroll
    for (int k = 0; k < K * K; ++k) {
        const float v = warp_sum(acc[k]);
        if (lane == 0) red[warp][k] = v;
    }
    __syncthreads();
    for (int k = threadIdx.x; k < K * K; k += blockDim.x) {
        double sum = 0.0;
        for (int wi = 0; wi < warps; ++wi) sum += red[wi][k];
        partial[((size_t)c * a.splits + s) * K * K + k] = (float)sum;
    }
}

#define DW_BACKWARD_FILTER(K, S, R)                                                                              \
    extern "C" __global__ void __launch_bounds__(256) depthwise_backward_filter_k##K##_s##S(                   \
        const float* __restrict__ x, const float* __restrict__ gy, float* __restrict__ partial, DwArgs a) { \
        dw_backward_filter<K, S, R>(x, gy, partial, a);                                                     \
    }

DW_BACKWARD_FILTER(3, 1, 4)
DW_BACKWARD_FILTER(3, 2, 4)
DW_BACKWARD_FILTER(5, 1, 4)
DW_BACKWARD_FILTER(5, 2, 4)
DW_BACKWARD_FILTER(7, 1, 4)
DW_BACKWARD_FILTER(7, 2, 4)

// Stage 2: gw[c][k] = sum over s of partial[c][s][k], in double and in order. One thread per (c, k).
extern "C" __global__ void depthwise_filter_finish(const float* __restrict__ partial, float* __restrict__ gw,
                                                   int C, int splits, int kk) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= C * kk) return;
    const int c = i / kk, k = i - c * kk;
    double sum = 0.0;
    for (int s = 0; s < splits; ++s) sum += partial[((size_t)c * splits + s) * kk + k];
    gw[i] = (float)sum;
}
