// Helpers shared by every kernel file: integer division by a run-time constant, warp and block
// reductions. Header only; each .cu that includes it is compiled to its own PTX module.
#pragma once

// Division by a divisor fixed for a launch, as one multiply-high, one add and one shift instead of the
// ~20-instruction integer division: q = (umulhi(n, mul) + n) >> shift, exact for every n < 2^31.
// The host computes (mul, shift) once (dev.blocknas.kernels.launch.FastDiv, tested exhaustively there).
struct FastDiv {
    unsigned int mul;
    unsigned int shift;
    unsigned int div;
};

__device__ __forceinline__ unsigned int fast_div(unsigned int n, const FastDiv& d) {
    return (__umulhi(n, d.mul) + n) >> d.shift;
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ double warp_sum(double v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Sum over the block, returned to every thread. `scratch` holds one value per warp (32 entries suffice for
// 1024 threads). Every thread of the block must call it; it ends with a barrier so scratch can be reused.
__device__ __forceinline__ double block_sum(double v, double* scratch) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = (blockDim.x + 31) >> 5;
    v = warp_sum(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    double t = 0.0;
    for (int i = 0; i < warps; ++i) t += scratch[i];  // same order in every thread: identical results
    __syncthreads();
    return t;
}

__device__ __forceinline__ float block_max(float v, float* scratch) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = (blockDim.x + 31) >> 5;
    v = warp_max(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float t = -INFINITY;
    for (int i = 0; i < warps; ++i) t = fmaxf(t, scratch[i]);
    __syncthreads();
    return t;
}
