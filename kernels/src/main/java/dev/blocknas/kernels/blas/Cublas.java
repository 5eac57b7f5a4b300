package dev.blocknas.kernels.blas;

import dev.blocknas.kernels.ffm.NativeError;
import dev.blocknas.kernels.ffm.NativeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A cuBLAS handle bound to our stream, reached through java.lang.foreign: only the functions used are
 * bound (signatures as declared in cublas_api.h of CUDA 13.0; see the list in kernels/NOTES.md).
 *
 * <p>{@link #gemm} takes row-major operands, as the Backend SPI does; cuBLAS is column-major, so it computes
 * C^T = op(B)^T op(A)^T, which is the same memory read column-major, by swapping the operands. Scalars are
 * passed by host pointer (CUBLAS_POINTER_MODE_HOST, the default).
 */
@SuppressWarnings("restricted") // FFM downcalls and C strings are the point of this class
public final class Cublas implements AutoCloseable {
    /** cublasOperation_t. */
    static final int OP_N = 0;
    static final int OP_T = 1;
    /** cublasMath_t. */
    static final int DEFAULT_MATH = 0;
    static final int TF32_TENSOR_OP_MATH = 3;

    private static final String[] NAMES = {"libcublas.so.13", "libcublas.so.12", "libcublas.so"};

    private final MethodHandle create;
    private final MethodHandle destroy;
    private final MethodHandle setStream;
    private final MethodHandle setMathMode;
    private final MethodHandle getVersion;
    private final MethodHandle sgemm;
    private final MethodHandle sgemmStridedBatched;
    private final MethodHandle statusName;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment alpha;
    private final MemorySegment beta;
    private final MemorySegment handle;
    private final String library;
    private final int version;
    private final boolean tf32;
    private boolean closed;

    /** True when a cuBLAS library can be found here. */
    public static boolean available() {
        return NativeLibrary.loadable(NAMES);
    }

    /** The one-sentence reason cuBLAS is unusable, or null. */
    public static String unavailableReason() {
        return available() ? null : "libcublas.so.13 or libcublas.so.12 was not found.";
    }

    /**
     * Creates a handle, binds it to {@code stream} (a cudaStream_t) and sets the math mode: TF32 tensor cores
     * when {@code tf32}, else full fp32.
     */
    public Cublas(long stream, boolean tf32) {
        NativeLibrary lib = NativeLibrary.open("blocknas.cublas.library", NAMES);
        this.library = lib.name();
        this.tf32 = tf32;
        // cublasStatus_t cublasCreate_v2(cublasHandle_t* handle)
        create = lib.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cublasStatus_t cublasDestroy_v2(cublasHandle_t handle)
        destroy = lib.function("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cublasStatus_t cublasSetStream_v2(cublasHandle_t handle, cudaStream_t streamId)
        setStream = lib.function("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        // cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode)
        setMathMode = lib.function("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        // cublasStatus_t cublasGetVersion_v2(cublasHandle_t handle, int* version)
        getVersion = lib.function("cublasGetVersion_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        // cublasStatus_t cublasSgemm_v2(handle, transa, transb, int m, int n, int k, const float* alpha,
        //     const float* A, int lda, const float* B, int ldb, const float* beta, float* C, int ldc)
        sgemm = lib.function("cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS,
                JAVA_INT));
        // cublasStatus_t cublasSgemmStridedBatched(handle, transa, transb, int m, int n, int k,
        //     const float* alpha, const float* A, int lda, long long strideA, const float* B, int ldb,
        //     long long strideB, const float* beta, float* C, int ldc, long long strideC, int batchCount)
        sgemmStridedBatched = lib.function("cublasSgemmStridedBatched", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS,
                JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));
        // const char* cublasGetStatusName(cublasStatus_t status)
        statusName = lib.function("cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));

        alpha = arena.allocate(JAVA_FLOAT);
        beta = arena.allocate(JAVA_FLOAT);
        MemorySegment out = arena.allocate(ADDRESS);
        try {
            check("cublasCreate_v2", (int) create.invokeExact(out));
            handle = out.get(ADDRESS, 0);
            check("cublasSetStream_v2", (int) setStream.invokeExact(handle, MemorySegment.ofAddress(stream)));
            check("cublasSetMathMode",
                    (int) setMathMode.invokeExact(handle, tf32 ? TF32_TENSOR_OP_MATH : DEFAULT_MATH));
            MemorySegment v = arena.allocate(JAVA_INT);
            check("cublasGetVersion_v2", (int) getVersion.invokeExact(handle, v));
            version = v.get(JAVA_INT, 0);
        } catch (NativeError e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new NativeError("cuBLAS initialisation failed: " + t, t);
        }
    }

    /** The cuBLAS version as an integer, e.g. 130001 for 13.0.1. */
    public int version() { return version; }
    /** The library file that was opened. */
    public String library() { return library; }
    public boolean tf32() { return tf32; }

    /**
     * Row-major batched C_b = alpha * op(A_b) * op(B_b) + beta * C_b, addresses in bytes, strides in
     * elements (0 shares one input matrix across the batch). The caller handles strideC == 0 with batch > 1.
     */
    public synchronized void gemm(boolean transA, boolean transB, int batch, int m, int n, int k, float alphaValue,
                                  long a, long strideA, long b, long strideB, float betaValue, long c, long strideC) {
        if (closed) throw new IllegalStateException("cuBLAS was used after the CUDA backend was closed");
        if (m == 0 || n == 0 || batch == 0) return;
        alpha.set(JAVA_FLOAT, 0, alphaValue);
        beta.set(JAVA_FLOAT, 0, betaValue);
        // Column-major view: C^T [n x m] = op'(B) [n x k] * op'(A) [k x m].
        int opB = transB ? OP_T : OP_N;
        int opA = transA ? OP_T : OP_N;
        int ldb = transB ? k : n;
        int lda = transA ? m : k;
        int ldc = n;
        MemorySegment pa = MemorySegment.ofAddress(a);
        MemorySegment pb = MemorySegment.ofAddress(b);
        MemorySegment pc = MemorySegment.ofAddress(c);
        try {
            if (batch == 1) {
                check("cublasSgemm_v2", (int) sgemm.invokeExact(handle, opB, opA, n, m, k, alpha, pb, Math.max(1, ldb),
                        pa, Math.max(1, lda), beta, pc, ldc));
            } else {
                check("cublasSgemmStridedBatched", (int) sgemmStridedBatched.invokeExact(handle, opB, opA, n, m, k,
                        alpha, pb, Math.max(1, ldb), strideB, pa, Math.max(1, lda), strideA, beta, pc, ldc, strideC,
                        batch));
            }
        } catch (NativeError e) {
            throw e;
        } catch (Throwable t) {
            throw new NativeError("cuBLAS gemm call failed: " + t, t);
        }
    }

    private void check(String call, int status) throws Throwable {
        if (status != 0) {
            String s;
            try {
                MemorySegment p = (MemorySegment) statusName.invokeExact(status);
                s = p.reinterpret(256).getString(0);
            } catch (Throwable t) {
                s = "CUBLAS_STATUS_" + status;
            }
            throw new NativeError(call, status, s);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            check("cublasDestroy_v2", (int) destroy.invokeExact(handle));
        } catch (NativeError e) {
            throw e;
        } catch (Throwable t) {
            throw new NativeError("cublasDestroy_v2 failed: " + t, t);
        } finally {
            arena.close();
        }
    }
}
