// Reductions of x viewed as [outer, n, inner] along the middle axis: SUM, MEAN, MAX. Work: one add per
// element; traffic: 4 bytes read per element. Memory bound.
//
// Sums accumulate in double (the CPU reference does too), so results do not depend on the split. Two
// shapes of work:
//  - reduce_rows (inner == 1): one block per (row, split); block-wide tree at the end.
//  - reduce_cols (inner > 1): one thread per (outer, inner column, split), coalesced across the columns.
// When a launch has too few blocks to fill the GPU, the host splits n; each split writes a double partial
// and reduce_finish combines the splits in order. With one split the first kernel writes the result.
#include "common.cuh"

#define REDUCE_SUM 0
#define REDUCE_MEAN 1
#define REDUCE_MAX 2

__device__ __forceinline__ void reduce_emit(int op, double v, int n, int splits, int s, long long at,
                                            float* out, double* partial) {
    if (splits == 1) out[at] = (float)(op == REDUCE_MEAN ? v / n : v);
    else partial[at * splits + s] = v;
}

extern "C" __global__ void reduce_rows(int op, const float* __restrict__ x, int n, int per, int splits,
                                       float* __restrict__ out, double* __restrict__ partial) {
    __shared__ double scratch[32];
    __shared__ float scratchf[32];
    const long long o = blockIdx.x;
    const int s = blockIdx.y;
    const int from = s * per, to = min(n, from + per);
    const float* p = x + o * n;
    double v;
    if (op == REDUCE_MAX) {
        float m = -INFINITY;
        for (int i = from + threadIdx.x; i < to; i += blockDim.x) m = fmaxf(m, p[i]);
        v = block_max(m, scratchf);
    } else {
        double sum = 0.0;
        for (int i = from + threadIdx.x; i < to; i += blockDim.x) sum += p[i];
        v = block_sum(sum, scratch);
    }
    if (threadIdx.x == 0) reduce_emit(op, v, n, splits, s, o, out, partial);
}

// blockIdx.x covers (outer row, block of 256 columns); blockIdx.y is the split.
extern "C" __global__ void reduce_cols(int op, const float* __restrict__ x, int n, int inner, int per, int splits,
                                       float* __restrict__ out, double* __restrict__ partial) {
    const int colBlocks = (inner + blockDim.x - 1) / blockDim.x;
    const long long o = blockIdx.x / colBlocks;
    const int j = (blockIdx.x - o * colBlocks) * blockDim.x + threadIdx.x;
    if (j >= inner) return;
    const int s = blockIdx.y;
    const int from = s * per, to = min(n, from + per);
    const float* p = x + (o * n) * inner + j;
    double v;
    if (op == REDUCE_MAX) {
        float m = -INFINITY;
        for (int i = from; i < to; ++i) m = fmaxf(m, p[(long long)i * inner]);
        v = m;
    } else {
        double sum = 0.0;
        for (int i = from; i < to; ++i) sum += p[(long long)i * inner];
        v = sum;
    }
    reduce_emit(op, v, n, splits, s, o * inner + j, out, partial);
}

extern "C" __global__ void reduce_finish(int op, const double* __restrict__ partial, int splits, int n,
                                         float* __restrict__ out, long long count) {
    const long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x;
    if (i >= count) return;
    const double* p = partial + i * splits;
    double v = p[0];
    for (int s = 1; s < splits; ++s) v = op == REDUCE_MAX ? fmax(v, p[s]) : v + p[s];
    out[i] = (float)(op == REDUCE_MEAN ? v / n : v);
}
