package dev.blocknas.tensor.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * Picks the Vector API GEMM kernels for this machine's preferred vector length. Only ever loaded
 * reflectively, after the incubator module was found.
 */
final class VectorKernels {
    private VectorKernels() {}

    /** Eight rows of two vectors need 16 accumulators plus operands: only AVX-512 (32 registers) holds them. */
    static MicroKernel microKernel() {
        return wide() ? new VectorMicroKernel8() : new VectorMicroKernel();
    }

    /** The dot-product kernel for C = A * B^T, or null where its 4 x 4 tile would not fit the registers. */
    static DotKernel dotKernel() {
        return wide() ? new VectorDotKernel() : null;
    }

    private static boolean wide() {
        return FloatVector.SPECIES_PREFERRED.length() >= 16;
    }
}
