// One kernel family: a kernels/src/main/cuda/*.cu file compiled unchanged as C++, its entry points
// registered under their own names. Compiled once per family with
//   -DEMU_SOURCE='"/path/to/family.cu"' -DEMU_ENTRIES='EMU_KERNEL(a) EMU_KERNEL(b) ...'
// where the test takes the names from the family's checked-in PTX: an entry point the PTX lists but the
// source does not define fails to compile.
#include "cuda_emu.h"

#include EMU_SOURCE

EMU_ENTRIES
