// Max and average window pooling of NCHW planes, forward and backward. Work: K*K compares/adds per output
// (forward); traffic: read x once, write y once. The backward is a gather (one thread per input element,
// looping over the windows that cover it), so there are no atomics and each element's contributions add
// in the CPU reference's order (outputs ascending). Average pooling counts padded cells (PyTorch's
// count_include_pad = true); max pooling routes a window's gradient to its first maximum.

#define POOL_MAX 0
#define POOL_AVG 1

extern "C" __global__ void pool2d_forward(int kind, const float* __restrict__ x, float* __restrict__ y, int H, int W,
                                          int Ho, int Wo, int K, int S, int pad, long long total) {
    const float area = (float)(K * K);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        const int ow = (int)(i % Wo);
        const int oh = (int)((i / Wo) % Ho);
        const long long plane = i / ((long long)Wo * Ho);
        const float* p = x + plane * H * W;
        float acc = kind == POOL_MAX ? -INFINITY : 0.f;
        for (int kh = 0; kh < K; ++kh) {
            const int ih = oh * S - pad + kh;
            if (ih < 0 || ih >= H) continue;
            for (int kw = 0; kw < K; ++kw) {
                const int iw = ow * S - pad + kw;
                if (iw < 0 || iw >= W) continue;
                const float v = p[(long long)ih * W + iw];
                acc = kind == POOL_MAX ? fmaxf(acc, v) : acc + v;
            }
        }
        y[i] = kind == POOL_MAX ? acc : acc / area;
    }
}

extern "C" __global__ void pool2d_backward(int kind, const float* __restrict__ x, const float* __restrict__ gy,
                                           float* __restrict__ gx, int H, int W, int Ho, int Wo, int K, int S,
                                           int pad, long long total) {
    const float area = (float)(K * K);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < total; i += (long long)gridDim.x * blockDim.x) {
        const int iw = (int)(i % W);
        const int ih = (int)((i / W) % H);
        const long long plane = i / ((long long)W * H);
        const float* xp = x + plane * H * W;
        const float* gp = gy + plane * Ho * Wo;
        // Outputs whose window covers (ih, iw): oh*S - pad <= ih <= oh*S - pad + K - 1.
        const int ohLo = max(0, (ih + pad - K + S) / S), ohHi = min(Ho - 1, (ih + pad) / S);
        const int owLo = max(0, (iw + pad - K + S) / S), owHi = min(Wo - 1, (iw + pad) / S);
        float acc = 0.f;
        for (int oh = ohLo; oh <= ohHi; ++oh) {
            for (int ow = owLo; ow <= owHi; ++ow) {
                const float g = gp[(long long)oh * Wo + ow];
                if (kind == POOL_AVG) {
                    acc += g / area;
                    continue;
                }
                // First maximum of the window, scanning as the forward does.
                int best = -1;
                float bestV = -INFINITY;
                for (int kh = 0; kh < K; ++kh) {
                    const int hh = oh * S - pad + kh;
                    if (hh < 0 || hh >= H) continue;
                    for (int kw = 0; kw < K; ++kw) {
                        const int ww = ow * S - pad + kw;
                        if (ww < 0 || ww >= W) continue;
                        const float v = xp[(long long)hh * W + ww];
                        if (v > bestV) {
                            bestV = v;
                            best = hh * W + ww;
                        }
                    }
                }
                if (best == ih * W + iw) acc += g;
            }
        }
        gx[i] = acc;
    }
}
