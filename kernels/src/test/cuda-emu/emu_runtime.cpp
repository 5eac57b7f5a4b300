// The scheduler behind cuda_emu.h: a grid's blocks one after another, a block's threads as fibers that
// meet at __syncthreads and at warp shuffles, and per-block shared memory.
//
// Sanitizers: fiber switches (emu_context.h) are announced to AddressSanitizer (__sanitizer_*_switch_fiber)
// and to ThreadSanitizer (one TSan fiber per CUDA thread). In the ThreadSanitizer build this file is compiled
// without instrumentation (EMU_TSAN set), so the scheduler's own bookkeeping is invisible to it and the only
// happens-before edges between threads of a block are the ones a GPU has: __syncthreads (each arriving thread
// releases, each leaving thread acquires). Switching into a fiber carries the scheduler's clock, switching
// out carries nothing; at the end of each block the scheduler acquires what its threads did, so blocks are
// ordered one after another (they share the emulated shared memory) and kernels in launch order.
#include "cuda_emu.h"
#include "emu_context.h"

#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <map>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(EMU_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

// The extern __shared__ buffer of our kernels (every .cu names it smem4; a kernel naming another one fails
// to link). 48 KB is what a launch may use without opting in to more.
thread_local float4 smem4[48 * 1024 / sizeof(float4)];

// Its thread-local initialiser, which it does not need: g++ 12 with -fsanitize=thread calls the initialiser
// of a block-scope `extern thread_local` without first checking that one exists.
extern "C" void _ZTH5smem4() {}

namespace emu {
namespace {

constexpr size_t kStackBytes = 128 * 1024;
constexpr int kMaxThreads = 1024;

enum class State { Ready, AtBarrier, AtWarp, Done };

struct Fiber {
    Context ctx;
    char* stack = nullptr;
    uint3 tid{};
    State state = State::Ready;
    const char* file = "";
    int line = 0;
    int barrierSlot = 0;
    uint64_t deposit = 0;
    uint64_t result = 0;
    int src = 0;
    void* asanFakeStack = nullptr;
    void* tsan = nullptr;
};

std::vector<Fiber*> fibers;  // grown to the largest block seen, reused by every block
Fiber* current = nullptr;
Context schedulerContext;
#if defined(__SANITIZE_ADDRESS__)
const void* schedulerStack = nullptr;
size_t schedulerStackSize = 0;
#endif
#if defined(EMU_TSAN)
void* schedulerTsan = nullptr;
#endif

const Kernel* kernel = nullptr;
const std::vector<Param>* params = nullptr;
uint3 blockNow{};
dim3 blockDimNow, gridDimNow;
int threads = 0;
int barrierGeneration = 0;

// Addresses ThreadSanitizer keys its release/acquire clocks on: one per barrier generation parity (a thread
// may arrive at the next barrier before a slower one has left the last), one for the end of a block.
char barrierSync[2];
char blockEndSync;

// The executable's thread-local block: every __shared__ variable lives there, next to nothing else.
char* tlsBlock = nullptr;
size_t tlsBytes = 0;

std::map<std::string, Kernel>& registry() {
    static std::map<std::string, Kernel> r;
    return r;
}

void tsan_release(void* a) {
#if defined(EMU_TSAN)
    __tsan_release(a);
#else
    (void)a;
#endif
}

void tsan_acquire(void* a) {
#if defined(EMU_TSAN)
    __tsan_acquire(a);
#else
    (void)a;
#endif
}

void resume(Fiber* f) {
    current = f;
#if defined(__SANITIZE_ADDRESS__)
    void* fake = nullptr;
    __sanitizer_start_switch_fiber(&fake, f->stack, kStackBytes);
#endif
#if defined(EMU_TSAN)
    __tsan_switch_to_fiber(f->tsan, 0);
#endif
    context_switch(&schedulerContext, &f->ctx);
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
#endif
    current = nullptr;
}

void yield(Fiber* f, bool exiting) {
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_start_switch_fiber(exiting ? nullptr : &f->asanFakeStack, schedulerStack, schedulerStackSize);
#else
    (void)exiting;
#endif
#if defined(EMU_TSAN)
    __tsan_switch_to_fiber(schedulerTsan, __tsan_switch_to_fiber_no_sync);
#endif
    context_switch(&f->ctx, &schedulerContext);
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_finish_switch_fiber(f->asanFakeStack, &schedulerStack, &schedulerStackSize);
#endif
}

void fiber_main() {
    Fiber* f = current;
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_finish_switch_fiber(nullptr, &schedulerStack, &schedulerStackSize);
#endif
    kernel->run(*params);
    f->state = State::Done;
    tsan_release(&blockEndSync);
    yield(f, true);
    fail("a finished thread was resumed");
}

Fiber* new_fiber() {
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void* m = mmap(nullptr, kStackBytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (m == MAP_FAILED) fail("no memory for a thread stack");
    mprotect(m, page, PROT_NONE);  // a stack overflow faults instead of corrupting the neighbour
    Fiber* f = new Fiber();
    f->stack = static_cast<char*>(m) + page;
#if defined(EMU_TSAN)
    f->tsan = __tsan_create_fiber(0);
#endif
    return f;
}

int tls_of_executable(struct dl_phdr_info* info, size_t, void*) {
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_TLS) continue;
        if (ph.p_filesz != 0) fail("initialised thread_local data in the emulator: only __shared__ may be thread_local");
        tlsBlock = static_cast<char*>(info->dlpi_tls_data);
        tlsBytes = ph.p_memsz;
    }
    return 1;  // the first object reported is the executable
}

// Fresh shared memory for a block: every byte 0xFF (a NaN as float or double, -1 as an integer), and the
// dynamic buffer cut to the launch's size.
void poison_shared(size_t dynamicBytes) {
    if (tlsBlock == nullptr) {
        dl_iterate_phdr(tls_of_executable, nullptr);
        char* s = reinterpret_cast<char*>(smem4);
        if (tlsBlock == nullptr || s < tlsBlock || s + sizeof(smem4) > tlsBlock + tlsBytes) {
            fail("cannot find the thread-local block that holds the shared memory");
        }
    }
#if defined(__SANITIZE_ADDRESS__)
    ASAN_UNPOISON_MEMORY_REGION(tlsBlock, tlsBytes);
#endif
    memset(tlsBlock, 0xFF, tlsBytes);
#if defined(__SANITIZE_ADDRESS__)
    ASAN_POISON_MEMORY_REGION(reinterpret_cast<char*>(smem4) + dynamicBytes, sizeof(smem4) - dynamicBytes);
#endif
}

const char* state_name(State s) {
    switch (s) {
        case State::Ready: return "running";
        case State::AtBarrier: return "at __syncthreads";
        case State::AtWarp: return "at a warp shuffle";
        case State::Done: return "returned";
    }
    return "?";
}

// After a pass every thread waits or has returned; a warp whose 32 lanes all wait at one shuffle gets its
// values. True when some warp moved on.
bool release_warps() {
    bool moved = false;
    for (int lo = 0; lo < threads; lo += warpSize) {
        const int hi = min(threads, lo + warpSize);
        int waiting = 0;
        for (int i = lo; i < hi; ++i) waiting += fibers[i]->state == State::AtWarp;
        if (waiting == 0) continue;
        if (hi - lo < warpSize) fail("warp %d has %d threads: a whole-warp shuffle needs %d", lo / warpSize, hi - lo, warpSize);
        if (waiting < hi - lo) continue;  // some lanes wait elsewhere: reported below as a deadlock
        const Fiber* first = fibers[lo];
        for (int i = lo; i < hi; ++i) {
            Fiber* f = fibers[i];
            if (f->line != first->line || strcmp(f->file, first->file) != 0) {
                fail("lanes of warp %d shuffle at different places: %s:%d and %s:%d", lo / warpSize, first->file,
                     first->line, f->file, f->line);
            }
        }
        for (int i = lo; i < hi; ++i) fibers[i]->result = fibers[lo + fibers[i]->src]->deposit;
        for (int i = lo; i < hi; ++i) fibers[i]->state = State::Ready;
        moved = true;
    }
    return moved;
}

bool same_wait(const Fiber* a, const Fiber* b) {
    return a->state == b->state && a->line == b->line && strcmp(a->file, b->file) == 0;
}

[[noreturn]] void deadlock() {
    std::string why;
    for (int i = 0; i < threads;) {
        int j = i;
        while (j + 1 < threads && same_wait(fibers[j + 1], fibers[i])) ++j;
        const Fiber* f = fibers[i];
        why += "\n  threads " + std::to_string(i) + "-" + std::to_string(j) + ": " + state_name(f->state);
        if (f->state != State::Done) why += std::string(" (") + f->file + ":" + std::to_string(f->line) + ")";
        i = j + 1;
    }
    fail("the block cannot go on (a barrier some threads never reach):%s", why.c_str());
}

void run_block(int linear) {
    for (int i = 0; i < threads; ++i) {
        Fiber* f = fibers[i];
        f->tid = uint3{(unsigned)i % blockDimNow.x, ((unsigned)i / blockDimNow.x) % blockDimNow.y,
                       (unsigned)i / (blockDimNow.x * blockDimNow.y)};
        f->state = State::Ready;
        f->file = "";
        f->line = 0;
        context_start(&f->ctx, f->stack, kStackBytes, fiber_main);
    }
    for (int phase = 0;; ++phase) {
        const bool backwards = ((linear + phase) & 1) != 0;
        for (int k = 0; k < threads; ++k) {
            Fiber* f = fibers[backwards ? threads - 1 - k : k];
            if (f->state == State::Ready) resume(f);
        }
        if (release_warps()) continue;
        int done = 0, atBarrier = 0;
        for (int i = 0; i < threads; ++i) {
            done += fibers[i]->state == State::Done;
            atBarrier += fibers[i]->state == State::AtBarrier;
        }
        if (done == threads) return;
        if (atBarrier != threads) deadlock();
        for (int i = 1; i < threads; ++i) {
            if (fibers[i]->line != fibers[0]->line || strcmp(fibers[i]->file, fibers[0]->file) != 0) {
                fail("threads 0 and %d wait at different __syncthreads: %s:%d and %s:%d", i, fibers[0]->file,
                     fibers[0]->line, fibers[i]->file, fibers[i]->line);
            }
        }
        for (int i = 0; i < threads; ++i) fibers[i]->state = State::Ready;
        ++barrierGeneration;
    }
}

}  // namespace

void fail(const char* fmt, ...) {
    fprintf(stderr, "cuda-emu: ");
    if (kernel != nullptr) {
        fprintf(stderr, "%s, block (%u,%u,%u)", kernel->name, blockNow.x, blockNow.y, blockNow.z);
        if (current != nullptr) fprintf(stderr, ", thread (%u,%u,%u)", current->tid.x, current->tid.y, current->tid.z);
        fprintf(stderr, ": ");
    }
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
#if defined(__SANITIZE_ADDRESS__) || defined(EMU_TSAN)
    __sanitizer_print_stack_trace();
#endif
    fflush(stderr);
    _exit(70);
}

uint3 thread_index() {
    if (current == nullptr) fail("threadIdx read outside a kernel");
    return current->tid;
}
uint3 block_index() { return blockNow; }
dim3 block_dim() { return blockDimNow; }
dim3 grid_dim() { return gridDimNow; }

void sync_threads(const char* file, int line) {
    Fiber* f = current;
    if (f == nullptr) fail("__syncthreads outside a kernel");
    f->state = State::AtBarrier;
    f->file = file;
    f->line = line;
    f->barrierSlot = barrierGeneration & 1;
    tsan_release(&barrierSync[f->barrierSlot]);
    yield(f, false);
    tsan_acquire(&barrierSync[f->barrierSlot]);
}

uint64_t warp_exchange(uint64_t bits, int src, unsigned mask, const char* file, int line) {
    Fiber* f = current;
    if (f == nullptr) fail("warp shuffle outside a kernel");
    if (mask != 0xffffffffu) fail("%s:%d: warp mask %#x: only whole-warp masks are modelled", file, line, mask);
    f->deposit = bits;
    f->src = src;
    f->state = State::AtWarp;
    f->file = file;
    f->line = line;
    yield(f, false);
    return f->result;
}

void register_kernel(const Kernel& k) { registry()[k.name] = k; }

const Kernel* find_kernel(const std::string& name) {
    auto it = registry().find(name);
    return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> kernel_names() {
    std::vector<std::string> out;
    for (const auto& e : registry()) out.push_back(e.first);
    return out;
}

std::string launch(const Kernel& k, const std::vector<Param>& ps, dim3 grid, dim3 block, size_t sharedBytes) {
    std::string bad = k.check(ps);
    if (!bad.empty()) return std::string(k.name) + " " + bad;
    const long long n = (long long)block.x * block.y * block.z;
    if (n < 1 || n > kMaxThreads || block.z > 64) return "block of " + std::to_string(n) + " threads";
    if (grid.x < 1 || grid.y < 1 || grid.z < 1 || grid.y > 65535 || grid.z > 65535 || grid.x > 0x7fffffffu) {
        return "grid " + std::to_string(grid.x) + "x" + std::to_string(grid.y) + "x" + std::to_string(grid.z);
    }
    if (sharedBytes > sizeof(smem4)) {
        return std::to_string(sharedBytes) + " bytes of dynamic shared memory (at most " + std::to_string(sizeof(smem4)) +
               " without opting in)";
    }
#if defined(EMU_TSAN)
    if (schedulerTsan == nullptr) schedulerTsan = __tsan_get_current_fiber();
#endif
    while ((int)fibers.size() < n) fibers.push_back(new_fiber());
    kernel = &k;
    params = &ps;
    blockDimNow = block;
    gridDimNow = grid;
    threads = (int)n;
    int linear = 0;
    for (unsigned z = 0; z < grid.z; ++z) {
        for (unsigned y = 0; y < grid.y; ++y) {
            for (unsigned x = 0; x < grid.x; ++x, ++linear) {
                blockNow = uint3{x, y, z};
                poison_shared(sharedBytes);
                run_block(linear);
                tsan_acquire(&blockEndSync);
            }
        }
    }
#if defined(__SANITIZE_ADDRESS__)
    ASAN_UNPOISON_MEMORY_REGION(smem4, sizeof(smem4));
#endif
    kernel = nullptr;
    params = nullptr;
    return "";
}

}  // namespace emu
