// Counter-based random fills that reproduce dev.blocknas.tensor.Rng bit for bit: element i of the stream
// `seed` is a pure function of (seed, i) (SplitMix64 finaliser), so the GPU and CPU make identical tensors.
// Work: ~15 integer ops (uniform) or a double log/sqrt/cos (normal) per element; traffic: 4 bytes written
// per element. The uniform and dropout fills are store bound; the normal fill is FP64-bound but runs once
// per weight initialisation.
//
// Float arithmetic that must match Java exactly uses __fmul_rn/__fadd_rn, which the compiler never fuses
// into an FMA (Java rounds the product before the sum).

#define GOLDEN 0x9E3779B97F4A7C15ULL

__device__ __forceinline__ unsigned long long splitmix(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Rng.uniform: 24 random bits scaled into [0, 1); exact in float.
__device__ __forceinline__ float rng_uniform(unsigned long long seed, unsigned long long i) {
    return (float)(splitmix(seed + (i + 1ULL) * GOLDEN) >> 40) * 0x1.0p-24f;
}

extern "C" __global__ void fill_uniform(float* y, long long n, unsigned long long seed, float low, float span) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] = __fadd_rn(low, __fmul_rn(span, rng_uniform(seed, (unsigned long long)i)));
}

// Rng.normal: Box-Muller in double on two uniforms of a derived stream, as the Java code computes it.
extern "C" __global__ void fill_normal(float* y, long long n, unsigned long long seed, float mean, float std) {
    const unsigned long long s = splitmix(seed ^ 0x5DEECE66DULL);
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
        const unsigned long long k = (unsigned long long)i;
        const float u1 = (float)((splitmix(s + (2ULL * k + 1ULL) * GOLDEN) >> 40) + 1ULL) * 0x1.0p-24f;
        const float u2 = (float)(splitmix(s + (2ULL * k + 2ULL) * GOLDEN) >> 40) * 0x1.0p-24f;
        const float r = (float)(sqrt(-2.0 * log((double)u1)) * cos(2.0 * 3.141592653589793 * (double)u2));
        y[i] = __fadd_rn(mean, __fmul_rn(std, r));
    }
}

// keep = 1 / (1 - p), computed by the host in float exactly as the CPU backend does.
extern "C" __global__ void dropout_mask(float* y, long long n, unsigned long long seed, float p, float keep) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x)
        y[i] = rng_uniform(seed, (unsigned long long)i) >= p ? keep : 0.f;
}
