// Fused per-channel affine + residual + activation over NCHW: y = act(x * scale[c] + shift[c] + res).
// This is batch-norm inference (scale = gamma / sqrt(var + eps), shift = beta - mean * scale) followed by
// the activation and/or the residual add of an MBConv block in ONE pass: 8-12 bytes per element instead of
// 24-36 for the three separate passes. Work: 2-6 FLOP per element; memory bound.
#include "common.cuh"
#include "elementwise_ops.cuh"

// scale/shift from batch-norm running statistics, rounded as the CPU reference does.
extern "C" __global__ void bn_inference_scale_shift(const float* __restrict__ gamma, const float* __restrict__ beta,
                                                    const float* __restrict__ mean, const float* __restrict__ var,
                                                    float eps, float* __restrict__ scale, float* __restrict__ shift,
                                                    int C) {
    const int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= C) return;
    const float sc = gamma[c] / sqrtf(var[c] + eps);
    scale[c] = sc;
    shift[c] = __fsub_rn(beta[c], __fmul_rn(mean[c], sc));
}

// act < 0: identity; else a UnaryCode (RELU, RELU6, SILU, HARD_SWISH, ...). res may be null.
// fdPlane divides by H*W, fdC by C: the channel of flat index i is (i / HW) % C.
extern "C" __global__ void scale_shift_activation(const float* __restrict__ x, const float* __restrict__ scale,
                                                  const float* __restrict__ shift, const float* __restrict__ res,
                                                  float* __restrict__ y, int act, FastDiv fdPlane, FastDiv fdC,
                                                  int total) {
    // A 64-bit index: with an int one, the last step past a total near 2^31 would overflow.
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        const unsigned plane = fast_div((unsigned)i, fdPlane);
        const int c = plane - fast_div(plane, fdC) * fdC.div;
        float v = __fadd_rn(__fmul_rn(x[i], scale[c]), shift[c]);
        if (res != nullptr) v += res[i];
        y[i] = act < 0 ? v : unary_f(act, v, 0.f);
    }
}
