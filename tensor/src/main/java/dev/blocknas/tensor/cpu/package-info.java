/** The CPU backend, the reference every GPU kernel is checked against: multi-threaded Java with the Vector API (GEMM micro-kernels, depthwise, row kernels), bit-deterministic, with scalar twins of the vector kernels. */
package dev.blocknas.tensor.cpu;
