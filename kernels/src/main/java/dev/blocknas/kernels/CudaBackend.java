package dev.blocknas.kernels;

import dev.blocknas.kernels.blas.Cublas;
import dev.blocknas.kernels.depthwise.DepthwiseKernels;
import dev.blocknas.kernels.dnn.Cudnn;
import dev.blocknas.kernels.dnn.CudnnBatchNorm;
import dev.blocknas.kernels.dnn.CudnnConvolution;
import dev.blocknas.kernels.driver.CachingAllocator;
import dev.blocknas.kernels.driver.Cu;
import dev.blocknas.kernels.driver.CudaContext;
import dev.blocknas.kernels.driver.CudaStream;
import dev.blocknas.kernels.driver.DevicePointer;
import dev.blocknas.kernels.launch.Launcher;
import dev.blocknas.kernels.ops.ElementwiseKernels;
import dev.blocknas.kernels.ops.FusedKernels;
import dev.blocknas.kernels.ops.OpCodes;
import dev.blocknas.kernels.ops.OptimizerKernels;
import dev.blocknas.kernels.ops.PoolingKernels;
import dev.blocknas.kernels.ops.RandomKernels;
import dev.blocknas.kernels.ops.ReduceKernels;
import dev.blocknas.kernels.ops.SoftmaxKernels;
import dev.blocknas.kernels.ops.StridedLayout;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Conv2dSpec;
import dev.blocknas.tensor.DType;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.MemoryStats;
import dev.blocknas.tensor.Pool2dSpec;
import dev.blocknas.tensor.PoolKind;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Storage;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;
import jcuda.Pointer;
import jcuda.driver.JCudaDriver;

import java.util.Arrays;
import java.util.Locale;

/**
 * The Backend SPI on one NVIDIA GPU: the JCuda driver API for the context, one stream, memory and our PTX
 * kernels; cuBLAS for GEMM and cuDNN for general convolutions and batch norm, both through
 * java.lang.foreign; our own kernels for depthwise convolutions, elementwise ops, reductions, losses,
 * pooling, random fills and optimizer updates.
 *
 * <p>All work is queued on one stream and runs asynchronously; {@link #download} and {@link #synchronize}
 * wait. Any host thread may call in (each binds the context on first use), but calls must not overlap.
 * System properties: {@code blocknas.tf32=true} lets cuBLAS/cuDNN use TF32 tensor cores (default off:
 * full fp32); {@code blocknas.cuda.sync=true} synchronises after every kernel (debugging);
 * {@code blocknas.depthwise=simple} forces the simple depthwise kernels.
 */
public final class CudaBackend implements Backend {
    private final Device device;
    private final CudaContext context;
    private final CudaStream stream;
    private final CachingAllocator allocator;
    private final Launcher launcher;
    private final Cublas cublas;
    private final Cudnn cudnn;
    private final CudnnConvolution convolutions;
    private final CudnnBatchNorm batchNorm;
    private final DepthwiseKernels depthwise;
    private final ElementwiseKernels elementwise;
    private final RandomKernels random;
    private final ReduceKernels reductions;
    private final SoftmaxKernels softmax;
    private final OptimizerKernels optimizers;
    private final PoolingKernels pooling;
    private final FusedKernels fused;
    private final boolean tf32;
    private volatile boolean closed;

    /** Opens device {@code device} (use {@code Backends.get(Device.cuda(i))} rather than this directly). */
    public CudaBackend(Device device) {
        if (!device.isCuda()) throw new IllegalArgumentException("the CUDA backend cannot open " + device);
        this.device = device;
        this.tf32 = Boolean.getBoolean("blocknas.tf32");
        this.context = new CudaContext(device.index());
        CudaStream s = null;
        CachingAllocator a = null;
        Launcher l = null;
        Cublas b = null;
        Cudnn d = null;
        try {
            s = new CudaStream();
            a = new CachingAllocator(context);
            l = new Launcher(context, s);
            b = new Cublas(s.address(), tf32);
            d = new Cudnn(s.address());
        } catch (RuntimeException e) {
            if (d != null) d.close();
            if (b != null) b.close();
            if (l != null) l.close();
            if (a != null) a.close();
            if (s != null) s.close();
            context.close();
            throw e;
        }
        this.stream = s;
        this.allocator = a;
        this.launcher = l;
        this.cublas = b;
        this.cudnn = d;
        this.convolutions = new CudnnConvolution(cudnn, allocator, tf32);
        this.batchNorm = new CudnnBatchNorm(cudnn);
        this.depthwise = new DepthwiseKernels(launcher, allocator);
        this.elementwise = new ElementwiseKernels(launcher);
        this.random = new RandomKernels(launcher);
        this.reductions = new ReduceKernels(launcher, allocator);
        this.softmax = new SoftmaxKernels(launcher);
        this.optimizers = new OptimizerKernels(launcher);
        this.pooling = new PoolingKernels(launcher);
        this.fused = new FusedKernels(launcher);
    }

    // ---- access for tests and benchmarks ----------------------------------------------------------

    /** The context (device properties). */
    public CudaContext context() { return context; }
    /** The stream all work is queued on (for timing events). */
    public CudaStream stream() { return stream; }
    /** The caching allocator (its counters, or scratch blocks for benchmarks). */
    public CachingAllocator allocator() {
        return allocator;
    }
    /** Our depthwise kernels, both variants. */
    public DepthwiseKernels depthwise() { return depthwise; }
    /** cuDNN convolutions (any groups; the benchmark runs cuDNN's depthwise through it). */
    public CudnnConvolution convolutions() {
        return convolutions;
    }

    /** Device address of {@code t}'s element [0, ..., 0]. */
    public long address(Tensor t) {
        Storage s = t.storage();
        if (s.backend() != this) {
            throw new IllegalArgumentException("a tensor on " + t.device() + " was passed to the backend of " + device);
        }
        return ((CudaStorage) s).address() + (long) t.offset() * Float.BYTES;
    }

    void checkOpen() {
        if (closed) throw new IllegalStateException("the CUDA backend of " + device + " was used after it was closed");
    }

    void release(CachingAllocator.Block b) {
        allocator.free(b);
    }

    private static void contiguous(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && !t.isContiguous()) {
                throw new IllegalArgumentException("CudaBackend needs contiguous tensors here, got strides "
                        + Arrays.toString(t.strides()) + " for shape " + t.shape());
            }
        }
    }

    private long addr(Tensor t) {
        return t == null ? 0L : address(t);
    }

    /** A JCuda pointer to {@code t}'s element [0, ..., 0] (base pointer plus byte offset, as JCuda expects). */
    private DevicePointer pointer(Tensor t) {
        address(t); // validates ownership and liveness
        return ((CudaStorage) t.storage()).pointer().plus((long) t.offset() * Float.BYTES);
    }

    // ---- Backend: device, memory, transfers --------------------------------------------------------

    @Override
    public Device device() {
        return device;
    }

    @Override
    public String describe() {
        long cv = cudnn.version();
        int bv = cublas.version();
        return String.format(Locale.ROOT,
                "%s: %s (sm_%d%d, %d SMs, %.1f GiB), driver CUDA %d.%d, cuBLAS %d.%d.%d (%s), cuDNN %d.%d.%d (%s), TF32 %s",
                device, context.name(), context.computeMajor(), context.computeMinor(), context.multiprocessors(),
                context.totalMemory() / (double) (1L << 30), context.driverVersion() / 1000,
                (context.driverVersion() % 1000) / 10, bv / 10000, (bv / 100) % 100, bv % 100, cublas.library(),
                cv / 10000, (cv / 100) % 100, cv % 100, cudnn.library(), tf32 ? "on" : "off");
    }

    @Override
    public Storage allocate(int numel, DType dtype) {
        checkOpen();
        if (dtype != DType.FLOAT32) throw new UnsupportedOperationException("the CUDA backend computes float32 only");
        CachingAllocator.Block b = allocator.allocate(Math.max(1L, (long) numel) * dtype.bytes());
        return new CudaStorage(this, numel, dtype, b);
    }

    @Override
    public MemoryStats memoryStats() {
        return new MemoryStats(allocator.bytesInUse(), allocator.bytesCached(), allocator.allocations(),
                allocator.cacheHits());
    }

    @Override
    public void synchronize() {
        checkOpen();
        context.bind();
        stream.synchronize();
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        contiguous(dst);
        int n = dst.numel();
        if (n == 0) return;
        float[] data = srcOffset == 0 ? src : Arrays.copyOfRange(src, srcOffset, srcOffset + n);
        DevicePointer p = pointer(dst);
        context.bind();
        stream.synchronize(); // the destination may still be read by queued kernels
        Cu.call("cuMemcpyHtoD", () -> JCudaDriver.cuMemcpyHtoD(p, Pointer.to(data), (long) n * Float.BYTES));
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        contiguous(src);
        int n = src.numel();
        if (n == 0) return;
        float[] data = dstOffset == 0 ? dst : new float[n];
        DevicePointer p = pointer(src);
        context.bind();
        stream.synchronize();
        Cu.call("cuMemcpyDtoH", () -> JCudaDriver.cuMemcpyDtoH(Pointer.to(data), p, (long) n * Float.BYTES));
        if (data != dst) System.arraycopy(data, 0, dst, dstOffset, n);
    }

    @Override
    public void fill(Tensor dst, float value) {
        contiguous(dst);
        int n = dst.numel();
        if (n == 0) return;
        DevicePointer p = pointer(dst);
        context.bind();
        Cu.call("cuMemsetD32Async",
                () -> JCudaDriver.cuMemsetD32Async(p, Float.floatToRawIntBits(value), n, stream.handle()));
    }

    @Override
    public void fillUniform(Tensor dst, long seed, float low, float high) {
        contiguous(dst);
        if (dst.numel() > 0) random.uniform(addr(dst), dst.numel(), seed, low, high);
    }

    @Override
    public void fillNormal(Tensor dst, long seed, float mean, float std) {
        contiguous(dst);
        if (dst.numel() > 0) random.normal(addr(dst), dst.numel(), seed, mean, std);
    }

    @Override
    public void dropoutMask(Tensor mask, long seed, float p) {
        contiguous(mask);
        if (mask.numel() > 0) random.dropoutMask(addr(mask), mask.numel(), seed, p);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (!src.shape().equals(dst.shape())) {
            throw new ShapeException("copy from shape " + src.shape() + " to shape " + dst.shape());
        }
        int n = src.numel();
        if (n == 0) return;
        StridedLayout layout = StridedLayout.of(src, dst);
        if (layout.contiguous()) {
            DevicePointer s = pointer(src);
            DevicePointer d = pointer(dst);
            context.bind();
            Cu.call("cuMemcpyDtoDAsync",
                    () -> JCudaDriver.cuMemcpyDtoDAsync(d, s, (long) n * Float.BYTES, stream.handle()));
        } else {
            elementwise.copyStrided(addr(src), addr(dst), layout, n);
        }
    }

    // ---- elementwise ---------------------------------------------------------------------------------

    @Override
    public void unary(UnaryOp op, float alpha, Tensor x, Tensor y) {
        contiguous(x, y);
        if (x.numel() > 0) elementwise.unary(OpCodes.unary(op), alpha, addr(x), addr(y), x.numel());
    }

    @Override
    public boolean unaryBackward(UnaryOp op, float alpha, Tensor x, Tensor y, Tensor gy, Tensor gx) {
        contiguous(x, y, gy, gx);
        if (x.numel() > 0) {
            elementwise.unaryBackward(OpCodes.unary(op), alpha, addr(x), addr(y), addr(gy), addr(gx), x.numel());
        }
        return true;
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        if (!a.shape().equals(out.shape()) || !b.shape().equals(out.shape())) {
            throw new ShapeException("binary op on shapes " + a.shape() + ", " + b.shape() + " into " + out.shape());
        }
        if (out.numel() == 0) return;
        elementwise.binary(OpCodes.binary(op), addr(a), addr(b), addr(out), StridedLayout.of(a, b, out), out.numel());
    }

    // ---- reductions, GEMM, convolutions ----------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, Tensor x, int outer, int n, int inner, Tensor out) {
        contiguous(x, out);
        reductions.reduce(OpCodes.reduce(op), addr(x), outer, n, inner, addr(out));
    }

    @Override
    public void gemm(boolean transA, boolean transB, int batch, int m, int n, int k, float alpha,
                     Tensor a, int strideA, Tensor b, int strideB, float beta, Tensor c, int strideC) {
        contiguous(a, b, c);
        checkOpen();
        context.bind();
        long pa = addr(a);
        long pb = addr(b);
        long pc = addr(c);
        if (strideC == 0 && batch > 1) {
            // Every product accumulates into one C, in order (the CPU reference's semantics).
            for (int i = 0; i < batch; i++) {
                cublas.gemm(transA, transB, 1, m, n, k, alpha, pa + (long) i * strideA * Float.BYTES, 0,
                        pb + (long) i * strideB * Float.BYTES, 0, i == 0 ? beta : 1f, pc, 0);
            }
            return;
        }
        cublas.gemm(transA, transB, batch, m, n, k, alpha, pa, strideA, pb, strideB, beta, pc, strideC);
    }

    private static CudnnConvolution.Key key(CudnnConvolution.Direction d, Tensor x, Tensor w, Tensor y,
                                            Conv2dSpec spec) {
        return new CudnnConvolution.Key(d, x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), y.dim(2), y.dim(3), spec);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor y) {
        contiguous(x, w, y);
        context.bind();
        convolutions.forward(key(CudnnConvolution.Direction.FORWARD, x, w, y, spec), addr(x), addr(w), addr(y));
    }

    @Override
    public void conv2dBackwardData(Tensor gy, Tensor w, Conv2dSpec spec, Tensor gx) {
        contiguous(gy, w, gx);
        context.bind();
        convolutions.backwardData(key(CudnnConvolution.Direction.BACKWARD_DATA, gx, w, gy, spec), addr(gy), addr(w),
                addr(gx));
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor gy, Conv2dSpec spec, Tensor gw) {
        contiguous(x, gy, gw);
        context.bind();
        convolutions.backwardFilter(key(CudnnConvolution.Direction.BACKWARD_FILTER, x, gw, gy, spec), addr(x), addr(gy),
                addr(gw));
    }

    private static DepthwiseKernels.Shape dw(Tensor x, Tensor w, Tensor y, int stride, int padding) {
        return new DepthwiseKernels.Shape(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(2), stride, padding, y.dim(2),
                y.dim(3));
    }

    @Override
    public void depthwiseConv2d(Tensor x, Tensor w, int stride, int padding, Tensor y) {
        contiguous(x, w, y);
        if (y.numel() == 0) return;
        depthwise.forward(depthwise.preferred(), dw(x, w, y, stride, padding), addr(x), addr(w), addr(y));
    }

    @Override
    public void depthwiseConv2dBackwardData(Tensor gy, Tensor w, int stride, int padding, Tensor gx) {
        contiguous(gy, w, gx);
        if (gx.numel() == 0) return;
        depthwise.backwardData(depthwise.preferred(), dw(gx, w, gy, stride, padding), addr(gy), addr(w), addr(gx));
    }

    @Override
    public void depthwiseConv2dBackwardFilter(Tensor x, Tensor gy, int stride, int padding, Tensor gw) {
        contiguous(x, gy, gw);
        if (gw.numel() == 0) return;
        depthwise.backwardFilter(depthwise.preferred(), dw(x, gw, gy, stride, padding), addr(x), addr(gy), addr(gw));
    }

    // ---- batch norm (cuDNN) --------------------------------------------------------------------------

    @Override
    public void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                  float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        contiguous(x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvStd);
        context.bind();
        batchNorm.training(x.dim(0), x.dim(1), x.dim(2), x.dim(3), addr(x), addr(gamma), addr(beta), addr(runningMean),
                addr(runningVar), momentum, eps, addr(y), addr(saveMean), addr(saveInvStd));
    }

    @Override
    public void batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   float eps, Tensor y) {
        contiguous(x, gamma, beta, runningMean, runningVar, y);
        context.bind();
        batchNorm.inference(x.dim(0), x.dim(1), x.dim(2), x.dim(3), addr(x), addr(gamma), addr(beta), addr(runningMean),
                addr(runningVar), eps, addr(y));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor gx, Tensor gGamma, Tensor gBeta) {
        contiguous(x, gy, gamma, saveMean, saveInvStd, gx, gGamma, gBeta);
        context.bind();
        batchNorm.backward(x.dim(0), x.dim(1), x.dim(2), x.dim(3), addr(x), addr(gy), addr(gamma), addr(saveMean),
                addr(saveInvStd), addr(gx), addr(gGamma), addr(gBeta));
    }

    /**
     * Batch-norm inference fused with an activation and an optional residual add, one pass over x:
     * y = act(x * gamma / sqrt(var + eps) + (beta - mean * gamma / sqrt(var + eps)) + residual). Not part of the
     * SPI; {@code activation} null means identity, {@code residual} may be null.
     */
    public void batchNormInferenceActivation(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                             float eps, UnaryOp activation, Tensor residual, Tensor y) {
        contiguous(x, gamma, beta, runningMean, runningVar, residual, y);
        int c = x.dim(1);
        CachingAllocator.Block scaleShift = allocator.allocate(2L * c * Float.BYTES);
        try {
            long scale = scaleShift.address();
            long shift = scale + (long) c * Float.BYTES;
            fused.bnScaleShift(addr(gamma), addr(beta), addr(runningMean), addr(runningVar), eps, scale, shift, c);
            fused.scaleShiftActivation(addr(x), scale, shift, addr(residual), addr(y),
                    activation == null ? FusedKernels.IDENTITY : OpCodes.unary(activation), x.dim(0), c,
                    x.dim(2) * x.dim(3));
        } finally {
            allocator.free(scaleShift);
        }
    }

    // ---- pooling, softmax, losses ----------------------------------------------------------------------

    @Override
    public void pool2d(PoolKind kind, Tensor x, Pool2dSpec spec, Tensor y) {
        contiguous(x, y);
        if (y.numel() == 0) return;
        pooling.forward(OpCodes.pool(kind), addr(x), addr(y), x.dim(0) * x.dim(1), x.dim(2), x.dim(3), y.dim(2),
                y.dim(3),
                spec.kernel(), spec.stride(), spec.padding());
    }

    @Override
    public void pool2dBackward(PoolKind kind, Tensor x, Tensor y, Tensor gy, Pool2dSpec spec, Tensor gx) {
        contiguous(x, gy, gx);
        if (gx.numel() == 0) return;
        pooling.backward(OpCodes.pool(kind), addr(x), addr(gy), addr(gx), x.dim(0) * x.dim(1), x.dim(2), x.dim(3),
                gy.dim(2), gy.dim(3), spec.kernel(), spec.stride(), spec.padding());
    }

    @Override
    public void logSoftmax(Tensor x, Tensor y) {
        contiguous(x, y);
        softmax.logSoftmax(addr(x), addr(y), x.dim(0), x.dim(1));
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor gy, Tensor gx) {
        contiguous(y, gy, gx);
        softmax.logSoftmaxBackward(addr(y), addr(gy), addr(gx), y.dim(0), y.dim(1));
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor labels, float smoothing, Tensor loss, Tensor dlogits) {
        contiguous(logits, labels, loss, dlogits);
        softmax.crossEntropy(addr(logits), addr(labels), smoothing, addr(loss), addr(dlogits), logits.dim(0),
                logits.dim(1));
    }

    // ---- optimizers --------------------------------------------------------------------------------------

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                        boolean nesterov) {
        contiguous(param, grad, velocity);
        if (param.numel() > 0) {
            optimizers.sgd(addr(param), addr(grad), addr(velocity), lr, momentum, weightDecay, nesterov, param.numel());
        }
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor buf, float lr, float alpha, float eps,
                            float momentum, float weightDecay) {
        contiguous(param, grad, squareAvg, buf);
        if (param.numel() > 0) {
            optimizers.rmsprop(addr(param), addr(grad), addr(squareAvg), addr(buf), lr, alpha, eps, momentum,
                    weightDecay,
                    param.numel());
        }
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                         float weightDecay, boolean decoupled, int step) {
        contiguous(param, grad, m, v);
        if (param.numel() > 0) {
            optimizers.adam(addr(param), addr(grad), addr(m), addr(v), lr, beta1, beta2, eps, weightDecay, decoupled,
                    step,
                    param.numel());
        }
    }

    // ---- lifetime ----------------------------------------------------------------------------------------

    /** Waits for queued work, then releases every handle, module, cached and live block, and the context. */
    @Override
    public synchronized void close() {
        if (closed) return;
        context.bind();
        try {
            stream.synchronize();
        } finally {
            closed = true;
            convolutions.close();
            batchNorm.close();
            cudnn.close();
            cublas.close();
            launcher.close();
            allocator.close();
            stream.close();
            context.close();
        }
    }
}
