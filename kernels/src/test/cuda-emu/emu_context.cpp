// See emu_context.h.
#include "emu_context.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#if defined(__x86_64__)

// emu_switch(save, next): push the callee-saved registers, MXCSR and the x87 control word (the System V ABI
// preserves them across calls), store the stack pointer in *save, load next, pop the same from there.
asm(R"(
    .text
    .globl emu_switch
    .type emu_switch, @function
emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size emu_switch, .-emu_switch
    .section .note.GNU-stack, "", @progbits
    .text
)");

extern "C" void emu_switch(void** save, void* next);

namespace emu {

void context_start(Context* c, char* stack, size_t bytes, void (*entry)()) {
    // The frame emu_switch pops: control words, six registers, then the return address it jumps to. That
    // slot is 16-byte aligned so entry() starts with the stack a call would leave (rsp = 8 mod 16).
    uintptr_t top = ((uintptr_t)(stack + bytes)) & ~(uintptr_t)15;
    uint64_t* ret = reinterpret_cast<uint64_t*>(top - 16);
    ret[1] = 0;  // entry's own return address: it never returns
    ret[0] = (uint64_t)(uintptr_t)entry;
    uint64_t* sp = ret - 7;
    for (int i = 1; i < 7; ++i) sp[i] = 0;  // r15, r14, r13, r12, rbx, rbp
    const uint32_t mxcsr = 0x1F80;          // the ABI's initial values: all exceptions masked, round to nearest
    const uint16_t fpucw = 0x037F;
    __builtin_memcpy(reinterpret_cast<char*>(sp), &mxcsr, 4);
    __builtin_memcpy(reinterpret_cast<char*>(sp) + 4, &fpucw, 2);
    c->sp = sp;
}

void context_switch(Context* from, Context* to) { emu_switch(&from->sp, to->sp); }

}  // namespace emu

#else

namespace emu {

void context_start(Context* c, char* stack, size_t bytes, void (*entry)()) {
    if (getcontext(&c->uc) != 0) abort();
    c->uc.uc_stack.ss_sp = stack;
    c->uc.uc_stack.ss_size = bytes;
    c->uc.uc_link = nullptr;
    makecontext(&c->uc, entry, 0);
}

void context_switch(Context* from, Context* to) {
    if (swapcontext(&from->uc, &to->uc) != 0) abort();
}

}  // namespace emu

#endif
