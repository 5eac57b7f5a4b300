// Shared by the tiled depthwise kernels: the launch geometry and the staging of a tile of input planes
// (with its zero halo) into shared memory.
//
// A tile is P planes x `tileRows` rows of the work grid. The work grid is the output (forward, filter
// gradient) or the q-grid of the transposed convolution (data gradient). Each thread owns work items of
// R consecutive grid rows x 1 column, so the window of staged rows it reads is reused by R outputs in
// registers. Staging copies a rectangle of the source planes, zero-filled outside the source, so the
// compute loops have no bounds checks.
#pragma once
#include "common.cuh"

// Every field is 4 bytes and the struct is passed by value: the host writes it as an int array in
// exactly this order (dev.blocknas.kernels.depthwise.DepthwiseLaunch#args).
struct DwArgs {
    int C;            // channels
    int srcH, srcW;   // plane size of the staged tensor (x, or gy for the data gradient)
    int dstH, dstW;   // plane size of the other tensor (y or gy for forward/filter, gx for data)
    int pad;          // zero padding of the convolution
    int planes;       // planes in the tile space: N*C (forward, data), N (filter: one channel per block)
    int P;            // planes per tile
    int planeStride;  // plane index step between a tile's planes: 1, or C for the filter gradient
    int tileRows;     // work-grid rows per tile, a multiple of R
    int tilesH;       // tiles along the rows of one plane
    int rowsS, Ws;    // staged tile: rows and row length (floats) per plane
    int workCols;     // work-grid columns (Wo, or Qw)
    int workRows;     // work-grid rows (Ho, or Qh)
    int qLoH, qLoW;   // data gradient: first q row / column (floor(pad / stride))
    int vec;          // 1: stage with 16-byte loads (srcW % 4 == 0 and 16-byte aligned base)
    int splits;       // filter gradient: blocks per channel
    FastDiv fdCols;   // staging decode: by Ws (scalar) or srcW / 4 (vec)
    FastDiv fdRows;   // staging decode: by rowsS
    FastDiv fdWorkCols;
    FastDiv fdGroups; // work decode: by tileRows / R
};

// Copies rows [rowOff, rowOff + rowsS) x columns [colOff, colOff + Ws) of nPl source planes
// (plane indices planeBase + i * a.planeStride) into sm[nPl][rowsS][Ws], zero outside the source.
// Begins with a barrier so a block may stage tile after tile into the same buffer.
__device__ __forceinline__ void dw_stage(float* __restrict__ sm, const float* __restrict__ src, const DwArgs& a,
                                         int planeBase, int nPl, int rowOff, int colOff) {
    const int tid = threadIdx.x, nt = blockDim.x;
    __syncthreads();
    const int cells = nPl * a.rowsS * a.Ws;
    const size_t planeSize = (size_t)a.srcH * a.srcW;
    if (a.vec) {
        // 16-byte loads cover the source columns only: the halo columns and the rows outside the source
        // keep the zeros written here.
        float4* s4 = reinterpret_cast<float4*>(sm);
        for (int i = tid; i < (cells + 3) / 4; i += nt) s4[i] = make_float4(0.f, 0.f, 0.f, 0.f);
        __syncthreads();
        const int cw = a.srcW >> 2;
        const int total = nPl * a.rowsS * cw;
        // Four independent 16-byte loads in flight per thread before the first shared store.
        for (int base = tid; base < total; base += 4 * nt) {
            float4 v[4];
            int row[4], c4[4];
#pragma unroll
            for (int u = 0; u < 4; ++u) {
                const int i = base + u * nt;
                row[u] = -1;
                if (i < total) {
                    const unsigned rest = fast_div(i, a.fdCols);
                    c4[u] = i - rest * cw;
                    const unsigned pl = fast_div(rest, a.fdRows);
                    const int r = rest - pl * a.rowsS;
                    const int gr = r + rowOff;
                    if (gr >= 0 && gr < a.srcH) {
                        const float* p = src + (size_t)(planeBase + (int)pl * a.planeStride) * planeSize
                                         + (size_t)gr * a.srcW + 4 * c4[u];
                        v[u] = __ldg(reinterpret_cast<const float4*>(p));
                        row[u] = pl * a.rowsS + r;
                    }
                }
            }
#pragma unroll
            for (int u = 0; u < 4; ++u) {
                if (row[u] < 0) continue;
                float* d = sm + row[u] * a.Ws;
                const int j = 4 * c4[u] - colOff;
                if (j >= 0 && j < a.Ws) d[j] = v[u].x;
                if (j + 1 >= 0 && j + 1 < a.Ws) d[j + 1] = v[u].y;
                if (j + 2 >= 0 && j + 2 < a.Ws) d[j + 2] = v[u].z;
                if (j + 3 >= 0 && j + 3 < a.Ws) d[j + 3] = v[u].w;
            }
        }
    } else {
        for (int base = tid; base < cells; base += 4 * nt) {
            float v[4];
            int at[4];
#pragma unroll
            for (int u = 0; u < 4; ++u) {
                const int i = base + u * nt;
                at[u] = -1;
                if (i < cells) {
                    const unsigned rest = fast_div(i, a.fdCols);
                    const int j = i - rest * a.Ws;
                    const unsigned pl = fast_div(rest, a.fdRows);
                    const int r = rest - pl * a.rowsS;
                    const int gr = r + rowOff, gc = j + colOff;
                    // Every cell is written, halo included, so this path needs no zero fill and its barrier.
                    v[u] = gr >= 0 && gr < a.srcH && gc >= 0 && gc < a.srcW
                               ? __ldg(src + (size_t)(planeBase + (int)pl * a.planeStride) * planeSize
                                       + (size_t)gr * a.srcW + gc)
                               : 0.f;
                    at[u] = i;
                }
            }
#pragma unroll
            for (int u = 0; u < 4; ++u) if (at[u] >= 0) sm[at[u]] = v[u];
        }
    }
    __syncthreads();
}

// The K*K taps of channel c, into registers (read-only path: every block of the channel hits L1/L2).
template <int K>
__device__ __forceinline__ void dw_load_taps(const float* __restrict__ w, int c, float (&wr)[K * K]) {
#pragma unroll
    for (int k = 0; k < K * K; ++k) wr[k] = __ldg(w + c * K * K + k);
}
