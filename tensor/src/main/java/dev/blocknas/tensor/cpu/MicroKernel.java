package dev.blocknas.tensor.cpu;

/**
 * The innermost GEMM loop: C[MR, NR] (+)= Ap[kc][MR] * B[kc][NR], A a packed panel, B rows ldb apart (NR
 * when packed), C with leading dimension ldc, added to C or, when {@code add} is false, stored over it.
 * {@link #best()} picks the Vector API kernel when the incubator module is loaded: eight rows when the
 * vector unit has 32 registers to hold them.
 */
interface MicroKernel {
    int mr();

    int nr();

    boolean vectorized();

    void run(int kc, float[] ap, int aOff, float[] bp, int bOff, int ldb, float[] c, int cOff, int ldc, boolean add);

    /**
     * True when the Vector API classes may be loaded: the incubator module is in the boot layer and
     * {@code -Dblocknas.cpu.scalar=true} does not ask for the plain loops.
     */
    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !Boolean.getBoolean("blocknas.cpu.scalar");
    }

    static MicroKernel best() {
        if (vectorAvailable()) {
            try {
                return (MicroKernel) Class.forName("dev.blocknas.tensor.cpu.VectorKernels")
                        .getDeclaredMethod("microKernel").invoke(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                // fall back to the scalar kernel below
            }
        }
        return new ScalarMicroKernel();
    }
}
