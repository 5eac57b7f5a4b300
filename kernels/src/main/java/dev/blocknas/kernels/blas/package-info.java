/** cuBLAS reached through java.lang.foreign: the few GEMM entry points the engine calls. */
package dev.blocknas.kernels.blas;
