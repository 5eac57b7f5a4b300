/**
 * The CUDA backend: {@link dev.blocknas.kernels.CudaBackend} implements the tensor module's Backend SPI on one
 * NVIDIA GPU and registers through {@link dev.blocknas.kernels.CudaBackendProvider} (ServiceLoader).
 *
 * <p>Sub-packages: {@code driver} (JCuda driver API: context, stream, events, caching allocator, PTX modules),
 * {@code launch} (kernel arguments, launcher, FastDiv), {@code ffm} and {@code blas}/{@code dnn} (cuBLAS and
 * cuDNN through java.lang.foreign), {@code depthwise} (our depthwise kernels and their tile planner),
 * {@code ops} (launch wrappers of our other kernels). CUDA sources: {@code kernels/src/main/cuda}; design
 * notes, launch configurations and register reports: {@code kernels/NOTES.md}.
 */
package dev.blocknas.kernels;
