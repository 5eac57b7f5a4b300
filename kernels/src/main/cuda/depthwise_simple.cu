// Depthwise convolution, variant 1: direct kernels for any odd or even K, any stride and padding, NCHW
// fp32. Work and minimum traffic as in depthwise_forward.cu / _backward_data.cu / _backward_filter.cu.
// These read their inputs from global memory (K*K loads per output, served mostly by L1) and are the
// fallback for shapes the tiled variant does not cover (K not in {3,5,7}, stride > 2, rows too wide for a
// 48 KB shared tile) and the GPU-side second opinion when the tiled kernels are tested.
#include "common.cuh"

// One thread per output element.
extern "C" __global__ void depthwise_forward_simple(const float* __restrict__ x, const float* __restrict__ w,
                                                    float* __restrict__ y, int C, int H, int W, int Ho, int Wo,
                                                    int K, int S, int pad, long long total) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total;
         i += (long long)gridDim.x * blockDim.x) {
        const int ow = (int)(i % Wo);
        const int oh = (int)((i / Wo) % Ho);
        const long long plane = i / ((long long)Wo * Ho);
        const int c = (int)(plane % C);
        const float* xp = x + plane * H * W;
        const float* wp = w + (size_t)c * K * K;
        float acc = 0.f;
        for (int kh = 0; kh < K; ++kh) {
            const int ih = oh * S - pad + kh;
            if (ih < 0 || ih >= H) continue;
            for (int kw = 0; kw < K; ++kw) {
                const int iw = ow * S - pad + kw;
                if (iw >= 0 && iw < W) acc = fmaf(__ldg(wp + kh * K + kw), __ldg(xp + (size_t)ih * W + iw), acc);
            }
        }
        y[i] = acc;
    }
}

// One thread per input element: gather the outputs whose windows cover it.
extern "C" __global__ void depthwise_backward_data_simple(const float* __restrict__ gy, const float* __restrict__ w,
                                                          float* __restrict__ gx, int C, int H, int W, int Ho,
                                                          int Wo, int K, int S, int pad, long long total) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total;
         i += (long long)gridDim.x * blockDim.x) {
        const int iw = (int)(i % W);
        const int ih = (int)((i / W) % H);
        const long long plane = i / ((long long)W * H);
        const int c = (int)(plane % C);
        const float* gp = gy + plane * Ho * Wo;
        const float* wp = w + (size_t)c * K * K;
        float acc = 0.f;
        for (int kh = 0; kh < K; ++kh) {
            const int th = ih + pad - kh;  // = oh * S when output row oh uses tap kh on this row
            if (th < 0 || th % S != 0 || th / S >= Ho) continue;
            const int oh = th / S;
            for (int kw = 0; kw < K; ++kw) {
                const int tw = iw + pad - kw;
                if (tw < 0 || tw % S != 0 || tw / S >= Wo) continue;
                acc = fmaf(__ldg(wp + kh * K + kw), __ldg(gp + (size_t)oh * Wo + tw / S), acc);
            }
        }
        gx[i] = acc;
    }
}

// One block per (channel, tap): the block sums gy * x over N*Ho*Wo, in double across threads.
extern "C" __global__ void depthwise_backward_filter_simple(const float* __restrict__ x, const float* __restrict__ gy,
                                                            float* __restrict__ gw, int N, int C, int H, int W,
                                                            int Ho, int Wo, int K, int S, int pad) {
    __shared__ double scratch[32];
    const int c = blockIdx.x / (K * K);
    const int k = blockIdx.x - c * K * K;
    const int kh = k / K, kw = k - kh * K;
    const long long per = (long long)Ho * Wo;
    const long long total = per * N;
    double sum = 0.0;
    for (long long i = threadIdx.x; i < total; i += blockDim.x) {
        const int n = (int)(i / per);
        const int o = (int)(i - n * per);
        const int oh = o / Wo, ow = o - oh * Wo;
        const int ih = oh * S - pad + kh, iw = ow * S - pad + kw;
        if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
        const size_t plane = (size_t)n * C + c;
        sum += (double)__ldg(gy + plane * per + o) * __ldg(x + plane * H * W + (size_t)ih * W + iw);
    }
    sum = block_sum(sum, scratch);
    if (threadIdx.x == 0) gw[blockIdx.x] = (float)sum;
}
