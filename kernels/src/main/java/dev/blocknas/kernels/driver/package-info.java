/** The CUDA driver through JCuda: context, stream, events, PTX modules, device pointers and the caching allocator. */
package dev.blocknas.kernels.driver;
