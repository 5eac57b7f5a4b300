package dev.blocknas.kernels.ffm;

import dev.blocknas.kernels.blas.Cublas;
import dev.blocknas.kernels.dnn.Cudnn;
import dev.blocknas.kernels.dnn.CudnnBatchNorm;
import dev.blocknas.kernels.dnn.CudnnConvolution;
import dev.blocknas.kernels.dnn.TensorDescriptor;
import dev.blocknas.kernels.driver.Workspace;
import dev.blocknas.tensor.Conv2dSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cuBLAS and cuDNN bindings against a stub library (src/test/c/cuda_libs_stub.c) that has the same C
 * signatures and logs the arguments it receives: every argument must arrive in its C position with its C
 * width (int, long long, size_t, double, pointer), the row-major GEMM must reach cuBLAS with swapped
 * operands, descriptors must be set in each setter's own order, the algorithm search must skip failed
 * candidates, and error statuses must become one-line exceptions naming the call. Needs a C compiler, not
 * a GPU; skipped without one.
 */
@SuppressWarnings("restricted")
class FfmBindingsStubTest {
    private static Path library;
    private static MethodHandle log;
    private static MethodHandle clear;

    @BeforeAll
    static void buildStub() throws Exception {
        Path out = Files.createTempDirectory("blocknas-stub");
        library = out.resolve("libcudastub.so");
        Process p;
        try {
            p = new ProcessBuilder("cc", "-shared", "-fPIC", "-O1", "-o", library.toString(),
                    Path.of("src/test/c/cuda_libs_stub.c").toAbsolutePath().toString()).redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no C compiler (cc) on the PATH");
            return;
        }
        String msg = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "cc could not build the stub: " + msg);
        System.setProperty("blocknas.cublas.library", library.toString());
        System.setProperty("blocknas.cudnn.library", library.toString());
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        log = Linker.nativeLinker().downcallHandle(lookup.find("stub_log").orElseThrow(),
                FunctionDescriptor.of(ADDRESS));
        clear = Linker.nativeLinker().downcallHandle(lookup.find("stub_clear").orElseThrow(),
                FunctionDescriptor.ofVoid());
    }

    @AfterAll
    static void forgetStub() {
        System.clearProperty("blocknas.cublas.library");
        System.clearProperty("blocknas.cudnn.library");
    }

    @BeforeEach
    void clearLog() throws Throwable {
        clear.invokeExact();
    }

    private static List<String> lines() throws Throwable {
        MemorySegment s = (MemorySegment) log.invokeExact();
        String text = s.reinterpret(1 << 16).getString(0);
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) if (!l.isEmpty()) out.add(l);
        return out;
    }

    private static String line(String function) throws Throwable {
        List<String> matches = lines().stream().filter(l -> l.startsWith(function + " ")).toList();
        assertEquals(1, matches.size(), "one call of " + function + " in " + lines());
        return matches.get(0);
    }

    @Test
    void cublasGetsColumnMajorOperandsSwapped() throws Throwable {
        try (Cublas blas = new Cublas(0xabcdL, false)) {
            assertEquals(130001, blas.version());
            assertEquals("cublasSetStream_v2 h=0x1234 stream=0xabcd", line("cublasSetStream_v2"));
            assertEquals("cublasSetMathMode h=0x1234 mode=0", line("cublasSetMathMode"));
            clear.invokeExact();
            // Row-major C[2x3] = 1.5 * A[2x4] B[4x3] + 0.25 C: cuBLAS computes C^T[3x2] = B^T A^T.
            blas.gemm(false, false, 1, 2, 3, 4, 1.5f, 0x1000, 0, 0x2000, 0, 0.25f, 0x3000, 0);
            assertEquals("cublasSgemm_v2 h=0x1234 ta=0 tb=0 m=3 n=2 k=4 alpha=1.5 A=0x2000 lda=3 B=0x1000 ldb=4 "
                    + "beta=0.25 C=0x3000 ldc=3", line("cublasSgemm_v2"));
            clear.invokeExact();
            blas.gemm(true, true, 1, 2, 3, 4, 1f, 0x1000, 0, 0x2000, 0, 0f, 0x3000, 0);
            assertEquals("cublasSgemm_v2 h=0x1234 ta=1 tb=1 m=3 n=2 k=4 alpha=1 A=0x2000 lda=4 B=0x1000 ldb=2 "
                    + "beta=0 C=0x3000 ldc=3", line("cublasSgemm_v2"));
            clear.invokeExact();
            blas.gemm(false, true, 5, 2, 3, 4, 1f, 0x1000, 8, 0x2000, 12, 0f, 0x3000, 6);
            assertEquals("cublasSgemmStridedBatched h=0x1234 ta=1 tb=0 m=3 n=2 k=4 alpha=1 A=0x2000 lda=4 sA=12 "
                    + "B=0x1000 ldb=4 sB=8 beta=0 C=0x3000 ldc=3 sC=6 batch=5", line("cublasSgemmStridedBatched"));
            NativeError e = assertThrows(NativeError.class,
                    () -> blas.gemm(false, false, 1, 2, 999, 4, 1f, 0x1000, 0, 0x2000, 0, 0f, 0x3000, 0));
            assertEquals("cublasSgemm_v2 failed: CUBLAS_STATUS_INVALID_VALUE (7)", e.getMessage());
        }
        assertEquals("cublasDestroy_v2 h=0x1234", line("cublasDestroy_v2"));
    }

    @Test
    void cublasTf32SwitchSetsTheTensorOpMathMode() throws Throwable {
        try (Cublas blas = new Cublas(0xabcdL, true)) {
            assertTrue(blas.tf32());
            assertEquals("cublasSetMathMode h=0x1234 mode=3", line("cublasSetMathMode"));
        }
    }

    /** Fake device scratch: increasing addresses, every lease must be returned. */
    private static final class FakeWorkspace implements Workspace {
        long next = 0x70000;
        int open;
        final List<Long> sizes = new ArrayList<>();

        @Override
        public Lease lease(long bytes) {
            long at = next;
            next += 0x10000;
            open++;
            sizes.add(bytes);
            return new Lease() {
                @Override
                public long address() { return at; }

                @Override
                public void close() { open--; }
            };
        }
    }

    @Test
    void cudnnDescriptorsAndConvolutionsPassEveryArgumentInPlace() throws Throwable {
        try (Cudnn dnn = new Cudnn(0xabcdL)) {
            assertEquals(91400, dnn.version());
            assertEquals("cudnnSetStream h=0x5678 stream=0xabcd", line("cudnnSetStream"));

            NativeError bad = assertThrows(NativeError.class, () -> new TensorDescriptor(dnn, 999, 1, 1, 1));
            assertTrue(bad.getMessage().startsWith("cudnnSetTensor4dDescriptor failed: CUDNN_STATUS_BAD_PARAM (3)"),
                    bad.getMessage());
            assertEquals(1, lines().stream().filter(l -> l.startsWith("cudnnDestroyTensorDescriptor")).count(),
                    "a descriptor whose setter failed is destroyed");
            clear.invokeExact();

            FakeWorkspace ws = new FakeWorkspace();
            try (CudnnConvolution conv = new CudnnConvolution(dnn, ws, false)) {
                Conv2dSpec spec = new Conv2dSpec(3, 2, 1, 1, 4);
                var fwd = new CudnnConvolution.Key(CudnnConvolution.Direction.FORWARD, 2, 8, 9, 9, 12, 5, 5, spec);
                conv.forward(fwd, 0x10, 0x20, 0x30);
                assertTrue(lines().contains(lines().stream().filter(l -> l.startsWith("cudnnSetTensor4dDescriptor")
                        && l.endsWith("format=0 type=0 n=2 c=8 h=9 w=9")).findFirst().orElse("missing x descriptor")));
                assertTrue(lines().stream()
                        .anyMatch(l -> l.startsWith("cudnnSetTensor4dDescriptor") && l.endsWith("n=2 c=12 h=5 w=5")));
                assertTrue(line("cudnnSetFilter4dDescriptor").endsWith("type=0 format=0 k=12 c=2 h=3 w=3"),
                        line("cudnnSetFilter4dDescriptor"));
                assertTrue(line("cudnnSetConvolution2dDescriptor")
                        .endsWith("pad=1,1 stride=2,2 dilation=1,1 mode=1 type=0"));
                assertTrue(line("cudnnSetConvolutionGroupCount").endsWith("groups=4"));
                assertTrue(line("cudnnSetConvolutionMathType").endsWith("math=3"), "FMA math with TF32 off");
                String find = line("cudnnFindConvolutionForwardAlgorithmEx");
                assertTrue(find.contains(" x=0x10 ") && find.contains(" w=0x20 ") && find.contains(" y=0x30 ")
                        && find.contains(" req=8 ") && find.endsWith("ws=0x70000 wss=268435456"), find);
                assertTrue(line("cudnnGetConvolutionForwardWorkspaceSize").endsWith("algo=2"),
                        "the failed fastest candidate is skipped");
                String run = line("cudnnConvolutionForward");
                assertTrue(run.contains("alpha=1 ") && run.contains(" x=0x10 ") && run.contains(" w=0x20 ")
                        && run.contains(" algo=2 ws=0x80000 wss=4096 beta=0 ") && run.endsWith(" y=0x30"), run);
                clear.invokeExact();
                conv.forward(fwd, 0x10, 0x20, 0x30);
                assertTrue(lines().stream().noneMatch(l -> l.startsWith("cudnnFind")), "the plan is cached per shape");
                assertEquals(2, conv.algorithm(fwd));

                var bwdData = new CudnnConvolution.Key(CudnnConvolution.Direction.BACKWARD_DATA, 2, 8, 9, 9, 12, 5, 5,
                        spec);
                conv.backwardData(bwdData, 0x31, 0x21, 0x11);
                String fd = line("cudnnFindConvolutionBackwardDataAlgorithmEx");
                assertTrue(fd.contains(" w=0x21 ") && fd.contains(" dy=0x31 ") && fd.contains(" dx=0x11 "), fd);
                String bd = line("cudnnConvolutionBackwardData");
                assertTrue(bd.contains(" w=0x21 ") && bd.contains(" dy=0x31 ") && bd.endsWith(" dx=0x11")
                        && bd.contains(" algo=2 "), bd);

                var bwdFilter = new CudnnConvolution.Key(CudnnConvolution.Direction.BACKWARD_FILTER, 2, 8, 9, 9, 12, 5,
                        5, spec);
                conv.backwardFilter(bwdFilter, 0x12, 0x32, 0x22);
                String ff = line("cudnnFindConvolutionBackwardFilterAlgorithmEx");
                assertTrue(ff.contains(" x=0x12 ") && ff.contains(" dy=0x32 ") && ff.contains(" dw=0x22 "), ff);
                String bf = line("cudnnConvolutionBackwardFilter");
                assertTrue(bf.contains(" x=0x12 ") && bf.contains(" dy=0x32 ") && bf.endsWith(" dw=0x22")
                        && bf.contains(" wss=4096 "), bf);
            }
            assertEquals(0, ws.open, "every workspace lease was returned");
            assertEquals(3 * 4,
                    lines().stream().filter(l -> l.startsWith("cudnnDestroy") && l.contains("Descriptor")).count(),
                    "three plans, four descriptors each, destroyed on close");
        }
        assertEquals("cudnnDestroy h=0x5678", line("cudnnDestroy"));
    }

    @Test
    void aPlanWhoseThirdDescriptorFailsDestroysTheFirstTwo() throws Throwable {
        try (Cudnn dnn = new Cudnn(0xabcdL);
                CudnnConvolution conv = new CudnnConvolution(dnn, new FakeWorkspace(), false)) {
            clear.invokeExact();
            var key = new CudnnConvolution.Key(CudnnConvolution.Direction.FORWARD, 2, 8, 9, 9, 999, 9, 9,
                    new Conv2dSpec(3, 1, 1, 1, 1));
            NativeError e = assertThrows(NativeError.class, () -> conv.forward(key, 0x10, 0x20, 0x30));
            assertTrue(e.getMessage().startsWith("cudnnSetFilter4dDescriptor failed"), e.getMessage());
            long created = lines().stream().filter(l -> l.startsWith("cudnnCreate") && l.contains("Descriptor"))
                    .count();
            long destroyed = lines().stream().filter(l -> l.startsWith("cudnnDestroy") && l.contains("Descriptor"))
                    .count();
            assertEquals(3, created, lines().toString());
            assertEquals(created, destroyed, "no descriptor outlives the failed plan: " + lines());
        }
    }

    @Test
    void cudnnBatchNormPassesScalarsAsDoublesAndRemembersEpsilon() throws Throwable {
        try (Cudnn dnn = new Cudnn(0xabcdL); CudnnBatchNorm bn = new CudnnBatchNorm(dnn)) {
            bn.training(4, 3, 5, 6, 0x100, 0x200, 0x300, 0x400, 0x500, 0.1f, 1e-3f, 0x600, 0x700, 0x800);
            assertEquals(
                    "cudnnBatchNormalizationForwardTraining h=0x5678 mode=1 alpha=1 beta=0 xd=0x"
                            + hex(descriptorOf("n=4 c=3 h=5 w=6"))
                            + " x=0x100 yd=0x" + hex(descriptorOf("n=4 c=3 h=5 w=6")) + " y=0x600 bd=0x"
                            + hex(descriptorOf("n=1 c=3 h=1 w=1"))
                            + " scale=0x200 bias=0x300 factor=0.1 rm=0x400 rv=0x500 eps=0.001 sm=0x700 siv=0x800",
                    line("cudnnBatchNormalizationForwardTraining"));
            bn.backward(4, 3, 5, 6, 0x100, 0x900, 0x200, 0x700, 0x800, 0xa00, 0xb00, 0xc00);
            String b = line("cudnnBatchNormalizationBackward");
            assertTrue(b.contains("mode=1 ad=1 bd=0 ap=1 bp=0 ") && b.contains(" x=0x100 ") && b.contains(" dy=0x900 ")
                    && b.contains(" dx=0xa00 ")
                    && b.contains(" scale=0x200 dscale=0xb00 dbias=0xc00 eps=0.001 sm=0x700 siv=0x800"), b);
            bn.inference(4, 3, 5, 6, 0x100, 0x200, 0x300, 0x400, 0x500, 2e-5f, 0x600);
            String i = line("cudnnBatchNormalizationForwardInference");
            assertTrue(i.contains(" x=0x100 ") && i.contains(" y=0x600 ")
                    && i.endsWith(" scale=0x200 bias=0x300 em=0x400 ev=0x500 eps=2e-05"), i);
        }
    }

    private static long descriptorOf(String dims) throws Throwable {
        String l = lines().stream().filter(s -> s.startsWith("cudnnSetTensor4dDescriptor") && s.endsWith(dims))
                .findFirst().orElseThrow();
        return Long.decode(l.split(" ")[1]);
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }
}
