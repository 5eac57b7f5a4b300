// In-place optimizer updates, one thread per parameter (formulas as in Backend's Javadoc, which follow
// PyTorch). Work: ~10 FLOP per parameter; traffic: 16-24 bytes per parameter (param, grad and state read,
// param and state written). Memory bound.

// SGD with momentum: g += wd * p; v = momentum * v + g; p -= lr * (nesterov ? g + momentum * v : v).
// v may be null when momentum is 0 (then p -= lr * g).
extern "C" __global__ void sgd_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ v,
                                    float lr, float momentum, float wd, int nesterov, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float gi = g[i] + wd * p[i];
        if (v != nullptr) {
            const float vi = momentum * v[i] + gi;
            v[i] = vi;
            gi = nesterov ? gi + momentum * vi : vi;
        }
        p[i] -= lr * gi;
    }
}

// RMSprop: g += wd * p; sq = alpha * sq + (1 - alpha) * g^2; step = g / (sqrt(sq) + eps);
// buf = momentum * buf + step (buf null when momentum is 0); p -= lr * step.
extern "C" __global__ void rmsprop_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ sq,
                                        float* __restrict__ buf, float lr, float alpha, float eps, float momentum,
                                        float wd, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        const float gi = g[i] + wd * p[i];
        const float s = alpha * sq[i] + (1.f - alpha) * gi * gi;
        sq[i] = s;
        float step = gi / (sqrtf(s) + eps);
        if (buf != nullptr) {
            step = momentum * buf[i] + step;
            buf[i] = step;
        }
        p[i] -= lr * step;
    }
}

// Adam (decoupled = 0: L2 added to the gradient) or AdamW (decoupled = 1: p -= lr * wd * p first).
// c1 = 1 - beta1^step and c2 = 1 - beta2^step come from the host, rounded to float as the CPU does.
extern "C" __global__ void adam_step(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m,
                                     float* __restrict__ v, float lr, float b1, float b2, float eps, float wd,
                                     int decoupled, float c1, float c2, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        float pi = p[i];
        float gi = g[i];
        if (decoupled) pi -= lr * wd * pi;
        else gi += wd * pi;
        const float mi = b1 * m[i] + (1.f - b1) * gi;
        const float vi = b2 * v[i] + (1.f - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = pi - lr * (mi / c1) / (sqrtf(vi / c2) + eps);
    }
}
