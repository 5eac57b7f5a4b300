// Row-wise log-softmax (forward, backward) and softmax cross-entropy with label smoothing, x [rows, cols].
// Work: ~cols exp per row; traffic: 8-12 bytes per element. One block per row; memory bound for the
// class counts we use (10 to 1000), with the exp in double to follow the CPU reference, which sums
// Math.exp of float differences in double. No fast-math anywhere here: these feed the loss.
#include "common.cuh"

extern "C" __global__ void log_softmax_forward(const float* __restrict__ x, float* __restrict__ y, int cols) {
    __shared__ double scratch[32];
    __shared__ float scratchf[32];
    const float* p = x + (long long)blockIdx.x * cols;
    float* q = y + (long long)blockIdx.x * cols;
    float m = -INFINITY;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, p[j]);
    m = block_max(m, scratchf);
    double s = 0.0;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += exp((double)(p[j] - m));
    s = block_sum(s, scratch);
    const float lse = m + (float)log(s);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) q[j] = p[j] - lse;
}

// gx = gy - softmax(x) * rowsum(gy), with softmax(x) = exp(y).
extern "C" __global__ void log_softmax_backward(const float* __restrict__ y, const float* __restrict__ gy,
                                                float* __restrict__ gx, int cols) {
    __shared__ double scratch[32];
    const long long o = (long long)blockIdx.x * cols;
    double s = 0.0;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += gy[o + j];
    const float sf = (float)block_sum(s, scratch);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) gx[o + j] = gy[o + j] - (float)exp((double)y[o + j]) * sf;
}

// loss[r] = -sum_j t_j * log_softmax(x)_j with t = on at the label, off elsewhere (host: off = s / cols,
// on = 1 - s + off, in float as the CPU computes them). dlogits (may be null) = softmax(x) - t.
// A label outside [0, cols) yields NaN in loss and dlogits: kernels cannot throw, and NaN cannot pass a test.
extern "C" __global__ void softmax_cross_entropy(const float* __restrict__ x, const float* __restrict__ labels,
                                                 float on, float off, float* __restrict__ loss,
                                                 float* __restrict__ dlogits, int cols) {
    __shared__ double scratch[32];
    __shared__ float scratchf[32];
    const long long r = blockIdx.x;
    const float* p = x + r * cols;
    const int label = (int)labels[r];
    const bool bad = !(labels[r] >= 0.f) || label >= cols;
    float m = -INFINITY;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, p[j]);
    m = block_max(m, scratchf);
    double s = 0.0;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += exp((double)(p[j] - m));
    s = block_sum(s, scratch);
    const double lse = (double)m + log(s);
    double l = 0.0;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        const float t = j == label ? on : off;
        l -= (double)t * ((double)p[j] - lse);
        if (dlogits != nullptr) dlogits[r * cols + j] = bad ? __int_as_float(0x7fc00000) : (float)exp((double)p[j] - lse) - t;
    }
    l = block_sum(l, scratch);
    if (threadIdx.x == 0) loss[r] = bad ? __int_as_float(0x7fc00000) : (float)l;
}
