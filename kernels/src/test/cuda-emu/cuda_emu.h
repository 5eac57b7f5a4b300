// Enough of CUDA C++ for g++ to compile kernels/src/main/cuda/*.cu unchanged and run them on the CPU, so CI
// (no GPU) executes the real kernel sources under AddressSanitizer, UBSan and ThreadSanitizer.
//
// The model (emu_runtime.cpp): the blocks of a grid run one after another; the threads of a block are fibers
// on one OS thread, each run until it blocks at __syncthreads or a warp shuffle, so a block is a sequence of
// deterministic phases. The order of the fibers flips from phase to phase and block to block: a missing
// barrier then lets some thread read what another has not yet written (or overwrite what it still reads),
// which shows as a wrong value here and as a data race under ThreadSanitizer. __shared__ variables are
// thread_local (one OS thread runs every block, in turn) and are filled with NaN bytes before each block.
// Dynamic shared memory is exactly the launch's size: the rest of its 48 KB is poisoned for AddressSanitizer.
//
// Deliberately not modelled: concurrency between blocks (they are ordered), independent thread scheduling
// within a warp (threads of a warp meet only at shuffles), and the GPU's math library (libm instead, so
// expf/logf/tanhf/powf may differ from the GPU in the last bits). Compile with -ffp-contract=off: nvcc fuses
// a*b+c into an FMA where it may, the CPU reference never does, so values here follow the CPU reference.
#pragma once

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

// ---- language ----------------------------------------------------------------------------------------------

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
// Block-scope `__shared__ T v[n];` becomes a static thread-local; `extern __shared__ T v[];` names the
// dynamic shared buffer (smem4, defined in emu_runtime.cpp).
#define __shared__ thread_local

struct uint3 {
    unsigned int x, y, z;
};
struct dim3 {
    unsigned int x = 1, y = 1, z = 1;
};
struct alignas(16) float4 {
    float x, y, z, w;
};
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }

constexpr int warpSize = 32;

namespace emu {
uint3 thread_index();
uint3 block_index();
dim3 block_dim();
dim3 grid_dim();
void sync_threads(const char* file, int line);
// Meets the other lanes of the warp: returns the value `src_lane` deposited. mask must name every lane.
uint64_t warp_exchange(uint64_t bits, int src_lane, unsigned mask, const char* file, int line);
[[noreturn]] void fail(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
}  // namespace emu

#define threadIdx (::emu::thread_index())
#define blockIdx (::emu::block_index())
#define blockDim (::emu::block_dim())
#define gridDim (::emu::grid_dim())

// Functions rather than macros: the default arguments name the call site, which the runtime reports and
// compares (every thread of a block must wait at the same __syncthreads).
inline void __syncthreads(const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
    ::emu::sync_threads(file, line);
}
inline void __syncwarp(unsigned mask = 0xffffffffu, const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
    (void)::emu::warp_exchange(0, 0, mask, file, line);
}

// ---- warp shuffles -------------------------------------------------------------------------------------------

namespace emu {
inline int lane_id() { return (int)(thread_index().x & 31u); }

// Whole-warp shuffles only: sub-warp widths (segments with their own wrap rules) are not modelled.
template <class T>
T shuffle(unsigned mask, T v, int src, int width, const char* file, int line) {
    static_assert(sizeof(T) <= 8 && std::is_trivially_copyable<T>::value, "shuffle of a value over 8 bytes");
    if (width != warpSize) fail("%s:%d: shuffle width %d is not modelled (only %d)", file, line, width, warpSize);
    uint64_t bits = 0;
    memcpy(&bits, &v, sizeof(T));
    bits = warp_exchange(bits, src & (warpSize - 1), mask, file, line);
    T out;
    memcpy(&out, &bits, sizeof(T));
    return out;
}
}  // namespace emu

template <class T>
T __shfl_sync(unsigned mask, T v, int src, int width = warpSize, const char* file = __builtin_FILE(),
              int line = __builtin_LINE()) {
    return ::emu::shuffle(mask, v, src, width, file, line);
}
template <class T>
T __shfl_xor_sync(unsigned mask, T v, int laneMask, int width = warpSize, const char* file = __builtin_FILE(),
                  int line = __builtin_LINE()) {
    return ::emu::shuffle(mask, v, ::emu::lane_id() ^ laneMask, width, file, line);
}
// Lanes whose source would be past the last lane keep their own value.
template <class T>
T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = warpSize, const char* file = __builtin_FILE(),
                   int line = __builtin_LINE()) {
    const int lane = ::emu::lane_id();
    const int src = lane + (int)delta < warpSize ? lane + (int)delta : lane;
    return ::emu::shuffle(mask, v, src, width, file, line);
}

// ---- intrinsics ----------------------------------------------------------------------------------------------

template <class T>
inline T __ldg(const T* p) { return *p; }
inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int)(((uint64_t)a * b) >> 32); }
inline float __int_as_float(int v) {
    float f;
    memcpy(&f, &v, 4);
    return f;
}
inline int __float_as_int(float f) {
    int v;
    memcpy(&v, &f, 4);
    return v;
}
// Round-to-nearest, never contracted (the translation unit is compiled with -ffp-contract=off).
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }

inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline unsigned int min(unsigned int a, unsigned int b) { return a < b ? a : b; }
inline unsigned int max(unsigned int a, unsigned int b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }

// Fibers never run at the same time, so these only need to be atomic for ThreadSanitizer's bookkeeping.
template <class T>
inline T atomicAdd(T* p, T v) {
    if constexpr (std::is_integral<T>::value) {
        return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
    } else {
        T old, next;
        __atomic_load(p, &old, __ATOMIC_RELAXED);
        do {
            next = old + v;
        } while (!__atomic_compare_exchange(p, &old, &next, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
        return old;
    }
}
template <class T>
inline T atomicMax(T* p, T v) {
    T old = __atomic_load_n(p, __ATOMIC_RELAXED);
    while (old < v && !__atomic_compare_exchange_n(p, &old, v, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    }
    return old;
}
template <class T>
inline T atomicCAS(T* p, T expected, T desired) {
    __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED);
    return expected;
}

// ---- kernel registry -----------------------------------------------------------------------------------------

namespace emu {
/** One launch parameter as the host packed it: a kind letter (KernelArgs.Kind) and its bytes. */
struct Param {
    char kind;
    std::string bytes;
};

/** An entry point: checks a parameter list against its signature, and runs it for the current thread. */
struct Kernel {
    const char* name;
    std::string (*check)(const std::vector<Param>&);
    void (*run)(const std::vector<Param>&);
};

void register_kernel(const Kernel& k);
const Kernel* find_kernel(const std::string& name);
std::vector<std::string> kernel_names();
// Runs every block of the grid; returns why the launch was refused ("" when it ran). Faults inside a kernel
// end the process through fail() or a sanitizer report.
std::string launch(const Kernel& k, const std::vector<Param>& ps, dim3 grid, dim3 block, size_t sharedBytes);

template <class T>
constexpr char kind_of() {
    if (std::is_pointer<T>::value) return 'p';
    if (std::is_same<T, float>::value) return 'f';
    if (std::is_integral<T>::value && sizeof(T) == 4) return 'i';
    if (std::is_integral<T>::value && sizeof(T) == 8) return 'l';
    if (std::is_class<T>::value) return 's';
    return '?';
}

template <auto F, class... A>
struct Entry {
    static std::string check(const std::vector<Param>& ps) {
        constexpr char kinds[] = {kind_of<A>()..., 0};
        constexpr size_t sizes[] = {sizeof(A)..., 0};
        if (ps.size() != sizeof...(A)) {
            return "takes " + std::to_string(sizeof...(A)) + " parameters, the host passed " + std::to_string(ps.size());
        }
        for (size_t i = 0; i < ps.size(); ++i) {
            if (ps[i].kind != kinds[i] || ps[i].bytes.size() != sizes[i]) {
                return "parameter " + std::to_string(i) + " is '" + kinds[i] + "' of " + std::to_string(sizes[i]) +
                       " bytes, the host passed '" + ps[i].kind + "' of " + std::to_string(ps[i].bytes.size());
            }
        }
        return "";
    }
    static void run(const std::vector<Param>& ps) { call(ps, std::index_sequence_for<A...>{}); }
    template <size_t... I>
    static void call(const std::vector<Param>& ps, std::index_sequence<I...>) {
        std::tuple<A...> args;
        (memcpy(&std::get<I>(args), ps[I].bytes.data(), sizeof(A)), ...);
        F(std::get<I>(args)...);
    }
};

template <auto F, class... A>
Kernel describe(const char* name, void (*)(A...)) {
    return Kernel{name, &Entry<F, A...>::check, &Entry<F, A...>::run};
}

struct Registrar {
    explicit Registrar(const Kernel& k) { register_kernel(k); }
};
}  // namespace emu

// Registers an extern "C" __global__ function under its own name.
#define EMU_KERNEL(fn) static ::emu::Registrar emu_registrar_##fn(::emu::describe<&fn>(#fn, &fn));
