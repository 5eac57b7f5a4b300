// Switching between stacks, for the fibers of emu_runtime.cpp. On x86-64 a dozen instructions that keep the
// callee-saved registers (no system call: glibc's swapcontext saves the signal mask each time, which was most
// of the emulator's run time); elsewhere swapcontext.
#pragma once

#include <stddef.h>

#if !defined(__x86_64__)
#include <ucontext.h>
#endif

namespace emu {

struct Context {
#if defined(__x86_64__)
    void* sp = nullptr;
#else
    ucontext_t uc;
#endif
};

// Prepares `c` to run entry() on [stack, stack + bytes) at the first switch to it; entry must never return.
void context_start(Context* c, char* stack, size_t bytes, void (*entry)());

// Saves the running context in `from` and continues `to`.
void context_switch(Context* from, Context* to);

}  // namespace emu
