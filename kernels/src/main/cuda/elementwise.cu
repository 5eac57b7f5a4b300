// Elementwise kernels: unary functions and their derivatives, binary ops over strided/broadcast views,
// strided copy, fill. Work: 1-20 FLOP per element; traffic 8-16 bytes per element (one read per input, one
// write), so every kernel here is memory bound and is a grid-stride loop over a flat index.
//
// Transcendentals use the accurate single-precision library (expf, logf, tanhf, powf; no fast-math): the
// CPU reference rounds double results, and these stay within 2 ulp of it.
#include "elementwise_ops.cuh"

// The op is uniform across the grid, so the switch inside the loop is a well-predicted branch; the loop
// stays memory bound. y may alias x.
extern "C" __global__ void unary_forward(int op, float alpha, const float* x, float* y, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] = unary_f(op, x[i], alpha);
}

extern "C" __global__ void unary_backward(int op, float alpha, const float* __restrict__ x, const float* __restrict__ y,
                                          const float* __restrict__ gy, float* __restrict__ gx, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        gx[i] = unary_grad(op, x[i], y[i], gy[i], alpha);
}

// Contiguous operands of one length (out may alias a).
extern "C" __global__ void binary_contiguous(int op, const float* a, const float* b, float* out, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        out[i] = binary_f(op, a[i], b[i]);
}

// a contiguous, b one scalar broadcast to every element (bias-free scaling, x - mean, ...).
extern "C" __global__ void binary_scalar_b(int op, const float* a, const float* b, float* out, long long n) {
    const float v = b[0];
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        out[i] = binary_f(op, a[i], v);
}

// Up to rank 8 after the host merged compatible dimensions (dev.blocknas.kernels.ops.StridedLayout).
// Element strides of each operand; offsets are already applied to the pointers.
struct Strided3 {
    int rank;
    int dims[8];
    int sa[8], sb[8], sc[8];
};

extern "C" __global__ void binary_strided(int op, const float* a, const float* b, float* out, Strided3 s, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        unsigned int rem = (unsigned int)i;  // numel < 2^31: 32-bit division is ~4x cheaper than 64-bit
        long long oa = 0, ob = 0, oc = 0;
        for (int d = s.rank - 1; d >= 0; --d) {
            const unsigned int q = rem / (unsigned int)s.dims[d];
            const int idx = (int)(rem - q * s.dims[d]);
            rem = q;
            oa += (long long)idx * s.sa[d];
            ob += (long long)idx * s.sb[d];
            oc += (long long)idx * s.sc[d];
        }
        out[oc] = binary_f(op, a[oa], b[ob]);
    }
}

// dst = src over strided views of one shape (sa: source strides, sc: destination strides; sb unused).
extern "C" __global__ void copy_strided(const float* src, float* dst, Strided3 s, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        unsigned int rem = (unsigned int)i;
        long long oa = 0, oc = 0;
        for (int d = s.rank - 1; d >= 0; --d) {
            const unsigned int q = rem / (unsigned int)s.dims[d];
            const int idx = (int)(rem - q * s.dims[d]);
            rem = q;
            oa += (long long)idx * s.sa[d];
            oc += (long long)idx * s.sc[d];
        }
        dst[oc] = src[oa];
    }
}
