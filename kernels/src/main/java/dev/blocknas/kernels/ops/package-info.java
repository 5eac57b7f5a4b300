/** Host sides of the non-convolution CUDA kernels: elementwise, fused batch norm with activation, reductions, softmax and cross-entropy, pooling, optimizers, random numbers, strided copies. */
package dev.blocknas.kernels.ops;
