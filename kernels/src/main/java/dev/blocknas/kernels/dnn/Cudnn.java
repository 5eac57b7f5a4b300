package dev.blocknas.kernels.dnn;

import dev.blocknas.kernels.ffm.NativeError;
import dev.blocknas.kernels.ffm.NativeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A cuDNN handle bound to our stream and downcall handles for the legacy (cuDNN 8/9) convolution and batch
 * norm API, through java.lang.foreign. Signatures as declared in cudnn_graph.h, cudnn_ops.h and cudnn_cnn.h
 * of cuDNN 9.13 (listed in kernels/NOTES.md); each handle below carries its C prototype.
 *
 * <p>Every method throws {@link NativeError} naming the function when cuDNN returns a status other than
 * CUDNN_STATUS_SUCCESS.
 */
@SuppressWarnings("restricted") // FFM downcalls and C strings are the point of this class
public final class Cudnn implements AutoCloseable {
    // cudnnDataType_t, cudnnTensorFormat_t, cudnnConvolutionMode_t, cudnnMathType_t, cudnnBatchNormMode_t
    public static final int DATA_FLOAT = 0;
    public static final int TENSOR_NCHW = 0;
    public static final int CROSS_CORRELATION = 1;
    public static final int DEFAULT_MATH = 0;
    public static final int FMA_MATH = 3;
    public static final int BATCHNORM_SPATIAL = 1;

    private static final String[] NAMES = {"libcudnn.so.9", "libcudnn.so.8", "libcudnn.so"};

    final MethodHandle getVersion;
    final MethodHandle create;
    final MethodHandle destroy;
    final MethodHandle setStream;
    final MethodHandle errorString;
    final MethodHandle createTensor;
    final MethodHandle setTensor4d;
    final MethodHandle destroyTensor;
    final MethodHandle createFilter;
    final MethodHandle setFilter4d;
    final MethodHandle destroyFilter;
    final MethodHandle createConv;
    final MethodHandle setConv2d;
    final MethodHandle setConvGroupCount;
    final MethodHandle setConvMathType;
    final MethodHandle destroyConv;
    final MethodHandle findForwardEx;
    final MethodHandle findBackwardDataEx;
    final MethodHandle findBackwardFilterEx;
    final MethodHandle forwardWorkspace;
    final MethodHandle backwardDataWorkspace;
    final MethodHandle backwardFilterWorkspace;
    final MethodHandle convForward;
    final MethodHandle convBackwardData;
    final MethodHandle convBackwardFilter;
    final MethodHandle bnForwardTraining;
    final MethodHandle bnForwardInference;
    final MethodHandle bnBackward;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    private final String library;
    private final long version;
    private boolean closed;

    /** True when a cuDNN library can be found here. */
    public static boolean available() {
        return NativeLibrary.loadable(NAMES);
    }

    /** The one-sentence reason cuDNN is unusable, or null. */
    public static String unavailableReason() {
        return available() ? null : "libcudnn.so.9 or libcudnn.so.8 was not found.";
    }

    /** Opens cuDNN, creates a handle and binds it to {@code stream} (a cudaStream_t). */
    public Cudnn(long stream) {
        NativeLibrary lib = NativeLibrary.open("blocknas.cudnn.library", NAMES);
        library = lib.name();
        // size_t cudnnGetVersion(void)
        getVersion = lib.function("cudnnGetVersion", FunctionDescriptor.of(JAVA_LONG));
        // cudnnStatus_t cudnnCreate(cudnnHandle_t* handle)
        create = lib.function("cudnnCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnDestroy(cudnnHandle_t handle)
        destroy = lib.function("cudnnDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId)
        setStream = lib.function("cudnnSetStream", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        // const char* cudnnGetErrorString(cudnnStatus_t status)
        errorString = lib.function("cudnnGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        // cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t* tensorDesc)
        createTensor = lib.function("cudnnCreateTensorDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnSetTensor4dDescriptor(desc, cudnnTensorFormat_t format, cudnnDataType_t dataType,
        //     int n, int c, int h, int w)
        setTensor4d = lib.function("cudnnSetTensor4dDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        // cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc)
        destroyTensor = lib.function("cudnnDestroyTensorDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t* filterDesc)
        createFilter = lib.function("cudnnCreateFilterDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnSetFilter4dDescriptor(desc, cudnnDataType_t dataType, cudnnTensorFormat_t format,
        //     int k, int c, int h, int w)   -- note: data type BEFORE format, unlike the tensor setter
        setFilter4d = lib.function("cudnnSetFilter4dDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        // cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc)
        destroyFilter = lib.function("cudnnDestroyFilterDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t* convDesc)
        createConv = lib.function("cudnnCreateConvolutionDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnSetConvolution2dDescriptor(desc, int pad_h, int pad_w, int u, int v,
        //     int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType)
        setConv2d = lib.function("cudnnSetConvolution2dDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        // cudnnStatus_t cudnnSetConvolutionGroupCount(cudnnConvolutionDescriptor_t convDesc, int groupCount)
        setConvGroupCount = lib.function("cudnnSetConvolutionGroupCount",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        // cudnnStatus_t cudnnSetConvolutionMathType(cudnnConvolutionDescriptor_t convDesc, cudnnMathType_t mathType)
        setConvMathType = lib.function("cudnnSetConvolutionMathType",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        // cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc)
        destroyConv = lib.function("cudnnDestroyConvolutionDescriptor", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnFindConvolutionForwardAlgorithmEx(handle, xDesc, const void* x, wDesc, const void* w,
        //     convDesc, yDesc, void* y, const int requestedAlgoCount, int* returnedAlgoCount,
        //     cudnnConvolutionFwdAlgoPerf_t* perfResults, void* workSpace, size_t workSpaceSizeInBytes)
        findForwardEx = lib.function("cudnnFindConvolutionForwardAlgorithmEx", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS, JAVA_LONG));
        // cudnnStatus_t cudnnFindConvolutionBackwardDataAlgorithmEx(handle, wDesc, const void* w, dyDesc,
        //     const void* dy, convDesc, dxDesc, void* dx, int requested, int* returned,
        //     cudnnConvolutionBwdDataAlgoPerf_t* perf, void* workSpace, size_t workSpaceSizeInBytes)
        findBackwardDataEx = lib.function("cudnnFindConvolutionBackwardDataAlgorithmEx", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS, JAVA_LONG));
        // cudnnStatus_t cudnnFindConvolutionBackwardFilterAlgorithmEx(handle, xDesc, const void* x, dyDesc,
        //     const void* y, convDesc, dwDesc, void* dw, int requested, int* returned,
        //     cudnnConvolutionBwdFilterAlgoPerf_t* perf, void* workSpace, size_t workSpaceSizeInBytes)
        findBackwardFilterEx = lib.function("cudnnFindConvolutionBackwardFilterAlgorithmEx", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS, JAVA_LONG));
        // cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(handle, xDesc, wDesc, convDesc, yDesc,
        //     cudnnConvolutionFwdAlgo_t algo, size_t* sizeInBytes)
        forwardWorkspace = lib.function("cudnnGetConvolutionForwardWorkspaceSize", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(handle, wDesc, dyDesc, convDesc, dxDesc,
        //     cudnnConvolutionBwdDataAlgo_t algo, size_t* sizeInBytes)
        backwardDataWorkspace = lib.function("cudnnGetConvolutionBackwardDataWorkspaceSize", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, xDesc, dyDesc, convDesc,
        //     dwDesc (gradDesc), cudnnConvolutionBwdFilterAlgo_t algo, size_t* sizeInBytes)
        backwardFilterWorkspace = lib.function("cudnnGetConvolutionBackwardFilterWorkspaceSize", FunctionDescriptor.of(
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        // cudnnStatus_t cudnnConvolutionForward(handle, const void* alpha, xDesc, const void* x, wDesc,
        //     const void* w, convDesc, algo, void* workSpace, size_t workSpaceSizeInBytes, const void* beta,
        //     yDesc, void* y)
        convForward = lib.function("cudnnConvolutionForward", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
        // cudnnStatus_t cudnnConvolutionBackwardData(handle, const void* alpha, wDesc, const void* w, dyDesc,
        //     const void* dy, convDesc, algo, void* workSpace, size_t workSpaceSizeInBytes, const void* beta,
        //     dxDesc, void* dx)
        convBackwardData = lib.function("cudnnConvolutionBackwardData", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS,
                ADDRESS));
        // cudnnStatus_t cudnnConvolutionBackwardFilter(handle, const void* alpha, xDesc, const void* x, dyDesc,
        //     const void* dy, convDesc, algo, void* workSpace, size_t workSpaceSizeInBytes, const void* beta,
        //     dwDesc, void* dw)
        convBackwardFilter = lib.function("cudnnConvolutionBackwardFilter", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS,
                ADDRESS));
        // cudnnStatus_t cudnnBatchNormalizationForwardTraining(handle, cudnnBatchNormMode_t mode,
        //     const void* alpha, const void* beta, xDesc, const void* x, yDesc, void* y, bnScaleBiasMeanVarDesc,
        //     const void* bnScale, const void* bnBias, double exponentialAverageFactor, void* resultRunningMean,
        //     void* resultRunningVariance, double epsilon, void* resultSaveMean, void* resultSaveInvVariance)
        bnForwardTraining = lib.function("cudnnBatchNormalizationForwardTraining", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                JAVA_DOUBLE, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS));
        // cudnnStatus_t cudnnBatchNormalizationForwardInference(handle, mode, const void* alpha,
        //     const void* beta, xDesc, const void* x, yDesc, void* y, bnScaleBiasMeanVarDesc,
        //     const void* bnScale, const void* bnBias, const void* estimatedMean, const void* estimatedVariance,
        //     double epsilon)
        bnForwardInference = lib.function("cudnnBatchNormalizationForwardInference", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, JAVA_DOUBLE));
        // cudnnStatus_t cudnnBatchNormalizationBackward(handle, mode, const void* alphaDataDiff,
        //     const void* betaDataDiff, const void* alphaParamDiff, const void* betaParamDiff, xDesc,
        //     const void* x, dyDesc, const void* dy, dxDesc, void* dx, dBnScaleBiasDesc, const void* bnScale,
        //     void* dBnScaleResult, void* dBnBiasResult, double epsilon, const void* savedMean,
        //     const void* savedInvVariance)
        bnBackward = lib.function("cudnnBatchNormalizationBackward", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS));

        try {
            version = (long) getVersion.invokeExact();
            MemorySegment out = arena.allocate(ADDRESS);
            check("cudnnCreate", (int) create.invokeExact(out));
            handle = out.get(ADDRESS, 0);
            check("cudnnSetStream", (int) setStream.invokeExact(handle, MemorySegment.ofAddress(stream)));
        } catch (NativeError e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new NativeError("cuDNN initialisation failed: " + t, t);
        }
    }

    /** The cudnnHandle_t. */
    MemorySegment handle() {
        if (closed) throw new IllegalStateException("cuDNN was used after the CUDA backend was closed");
        return handle;
    }

    /** cudnnGetVersion(), e.g. 91400 for 9.14.0. */
    public long version() { return version; }
    public String library() { return library; }

    /** Throws a {@link NativeError} naming {@code call} unless {@code status} is CUDNN_STATUS_SUCCESS. */
    void check(String call, int status) {
        if (status == 0) return;
        String s;
        try {
            MemorySegment p = (MemorySegment) errorString.invokeExact(status);
            s = p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            s = "CUDNN_STATUS_" + status;
        }
        throw new NativeError(call, status, s);
    }

    /** Wraps a Throwable from invokeExact (which declares Throwable) unless it already is one of ours. */
    static RuntimeException wrap(String call, Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new NativeError(call + " failed: " + t, t);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            check("cudnnDestroy", (int) destroy.invokeExact(handle));
        } catch (Throwable t) {
            throw wrap("cudnnDestroy", t);
        } finally {
            arena.close();
        }
    }
}
