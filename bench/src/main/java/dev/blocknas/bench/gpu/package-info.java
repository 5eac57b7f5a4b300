/** The GPU side-by-side runner: our depthwise kernels against cuDNN and the PyTorch reference numbers of the same call ({@link dev.blocknas.bench.gpu.TorchReference}). */
package dev.blocknas.bench.gpu;
