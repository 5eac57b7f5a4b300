// An emulated GPU behind stdin/stdout, driven by the Java tests (dev.blocknas.kernels.emu.EmulatedGpu): device
// memory is this process's heap, and device pointers are its real addresses, so the Java launchers pack them
// into KernelArgs exactly as they pack cuMemAlloc's. Requests are one letter then little-endian fields:
//   A size                      allocate (filled with 0xFF bytes: NaN floats) -> address
//   F address                   free
//   W address n bytes[n]        write into one allocation
//   R address n                 read from one allocation -> bytes[n]
//   L name grid[3] block[3] shared count (kind len bytes[len])*   launch, synchronously
//   K                           the registered kernel names, one per line
//   Q                           quit
// Every request gets: status byte (0 ok, 1 refused), u32 length, payload (data, or why it was refused).
// A fault inside a kernel ends the process (sanitizer report or "cuda-emu: ..." on stderr).
#include "cuda_emu.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <map>

namespace {

std::map<uintptr_t, size_t> allocations;

void read_exact(void* p, size_t n) {
    if (n > 0 && fread(p, 1, n, stdin) != n) {
        fflush(stdout);
        _exit(0);  // the host went away
    }
}

template <class T>
T get() {
    T v;
    read_exact(&v, sizeof(T));
    return v;
}

std::string get_bytes(size_t n) {
    std::string s(n, '\0');
    read_exact(&s[0], n);
    return s;
}

void reply(bool ok, const std::string& payload) {
    const unsigned char status = ok ? 0 : 1;
    const uint32_t n = (uint32_t)payload.size();
    fwrite(&status, 1, 1, stdout);
    fwrite(&n, 4, 1, stdout);
    fwrite(payload.data(), 1, payload.size(), stdout);
    fflush(stdout);
}

// The allocation that holds [address, address + n), or "" with the reason.
std::string check_range(uintptr_t address, uint64_t n) {
    auto it = allocations.upper_bound(address);
    if (it == allocations.begin()) return "address " + std::to_string(address) + " is in no allocation";
    --it;
    if (address + n > it->first + it->second) {
        return std::to_string(n) + " bytes at offset " + std::to_string(address - it->first) +
               " overrun an allocation of " + std::to_string(it->second);
    }
    return "";
}

}  // namespace

int main() {
    for (;;) {
        const char op = get<char>();
        switch (op) {
            case 'A': {
                const uint64_t n = get<uint64_t>();
                void* p = nullptr;
                // cudaMalloc's alignment; the exact size keeps AddressSanitizer's redzone right at the end.
                if (posix_memalign(&p, 256, n == 0 ? 1 : n) != 0) {
                    reply(false, "out of memory");
                    break;
                }
                memset(p, 0xFF, n);
                allocations[(uintptr_t)p] = n;
                const uint64_t a = (uint64_t)(uintptr_t)p;
                reply(true, std::string(reinterpret_cast<const char*>(&a), 8));
                break;
            }
            case 'F': {
                const uintptr_t a = (uintptr_t)get<uint64_t>();
                if (allocations.erase(a) == 0) {
                    reply(false, "free of " + std::to_string(a) + ", which is not an allocation");
                    break;
                }
                free(reinterpret_cast<void*>(a));
                reply(true, "");
                break;
            }
            case 'W': {
                const uintptr_t a = (uintptr_t)get<uint64_t>();
                const uint64_t n = get<uint64_t>();
                const std::string data = get_bytes(n);
                const std::string bad = check_range(a, n);
                if (bad.empty()) memcpy(reinterpret_cast<void*>(a), data.data(), n);
                reply(bad.empty(), bad);
                break;
            }
            case 'R': {
                const uintptr_t a = (uintptr_t)get<uint64_t>();
                const uint64_t n = get<uint64_t>();
                const std::string bad = check_range(a, n);
                reply(bad.empty(), bad.empty() ? std::string(reinterpret_cast<const char*>(a), n) : bad);
                break;
            }
            case 'L': {
                const std::string name = get_bytes(get<uint32_t>());
                dim3 grid, block;
                grid.x = get<uint32_t>();
                grid.y = get<uint32_t>();
                grid.z = get<uint32_t>();
                block.x = get<uint32_t>();
                block.y = get<uint32_t>();
                block.z = get<uint32_t>();
                const uint32_t shared = get<uint32_t>();
                std::vector<emu::Param> ps(get<uint32_t>());
                for (emu::Param& p : ps) {
                    p.kind = get<char>();
                    p.bytes = get_bytes(get<uint32_t>());
                }
                const emu::Kernel* k = emu::find_kernel(name);
                const std::string bad = k == nullptr ? "no kernel " + name : emu::launch(*k, ps, grid, block, shared);
                reply(bad.empty(), bad);
                break;
            }
            case 'K': {
                std::string names;
                for (const std::string& n : emu::kernel_names()) names += n + "\n";
                reply(true, names);
                break;
            }
            case 'Q':
                for (const auto& a : allocations) free(reinterpret_cast<void*>(a.first));
                reply(true, "");
                return 0;
            default:
                fprintf(stderr, "cuda-emu: unknown request %d\n", op);
                return 2;
        }
    }
}
