package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Conv2dSpec;
import dev.blocknas.tensor.DType;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.MemoryStats;
import dev.blocknas.tensor.PoolKind;
import dev.blocknas.tensor.Pool2dSpec;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Storage;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The host backend: plain Java over float arrays, multi-threaded over the cores, and the reference every
 * GPU kernel is checked against. Its live-bytes counter tracks every storage until freed.
 */
public final class CpuBackend implements Backend {
    private final AtomicLong bytesInUse = new AtomicLong();
    private final AtomicLong allocations = new AtomicLong();
    /**
     * Freed arrays for reuse; half the heap by default ({@code -Dblocknas.cpu.poolBytes=0} turns it off). The pool
     * drops all it holds when it would pass its limit, so a limit below one step's arrays reuses nothing: a third
     * of a 3 GB heap was just below the cifar-mid step's, which then allocated a gigabyte a step and ran 40% slower.
     */
    private final ArrayPool pool = new ArrayPool(
            Long.getLong("blocknas.cpu.poolBytes", Runtime.getRuntime().maxMemory() / 2),
            Boolean.getBoolean("blocknas.cpu.poison"));

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public String describe() {
        return "cpu: " + Parallel.threads() + " threads, "
                + (Sgemm.vectorized()
                        ? "Vector API GEMM"
                        : "scalar GEMM (run with --add-modules jdk.incubator.vector for speed)");
    }

    @Override
    public Storage allocate(int numel, DType dtype) {
        if (dtype != DType.FLOAT32) throw new UnsupportedOperationException("the CPU backend computes float32 only");
        CpuStorage s = new CpuStorage(this, numel);
        bytesInUse.addAndGet(s.bytes());
        allocations.incrementAndGet();
        return s;
    }

    /**
     * Fills every storage allocated from now on with NaN ({@code true}), or leaves new storages undefined as by
     * default: a check that no kernel reads an element of its output before writing it. Returns the setting
     * before, for the caller to restore (a run started with {@code -Dblocknas.cpu.poison=true} stays poisoned).
     */
    public boolean poisonStorage(boolean on) {
        return pool.poison(on);
    }

    ArrayPool pool() {
        return pool;
    }

    void released(long bytes) {
        bytesInUse.addAndGet(-bytes);
    }

    @Override
    public MemoryStats memoryStats() {
        return new MemoryStats(bytesInUse.get(), pool.cachedBytes(), allocations.get(), pool.hits());
    }

    @Override
    public void synchronize() {
        // host work is synchronous
    }

    @Override
    public void close() {
        // nothing native to release; cached arrays go back to the collector
        pool.clear();
    }

    private static float[] d(Tensor t) {
        return ((CpuStorage) t.storage()).data();
    }

    private static void contiguous(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && !t.isContiguous()) {
                throw new IllegalArgumentException("CpuBackend needs contiguous tensors here, got strides "
                        + java.util.Arrays.toString(t.strides()) + " for shape " + t.shape());
            }
        }
    }

    @Override
    public void upload(float[] src, int srcOffset, Tensor dst) {
        contiguous(dst);
        System.arraycopy(src, srcOffset, d(dst), dst.offset(), dst.numel());
    }

    @Override
    public void download(Tensor src, float[] dst, int dstOffset) {
        contiguous(src);
        System.arraycopy(d(src), src.offset(), dst, dstOffset, src.numel());
    }

    @Override
    public void fill(Tensor dst, float value) {
        contiguous(dst);
        java.util.Arrays.fill(d(dst), dst.offset(), dst.offset() + dst.numel(), value);
    }

    @Override
    public void fillUniform(Tensor dst, long seed, float low, float high) {
        contiguous(dst);
        CpuElementwise.fillUniform(d(dst), dst.offset(), dst.numel(), seed, low, high);
    }

    @Override
    public void fillNormal(Tensor dst, long seed, float mean, float std) {
        contiguous(dst);
        CpuElementwise.fillNormal(d(dst), dst.offset(), dst.numel(), seed, mean, std);
    }

    @Override
    public void dropoutMask(Tensor mask, long seed, float p) {
        contiguous(mask);
        CpuElementwise.dropoutMask(d(mask), mask.offset(), mask.numel(), seed, p);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        if (!src.shape().equals(dst.shape())) {
            throw new ShapeException("copy from shape " + src.shape() + " to shape " + dst.shape());
        }
        float[] s = d(src);
        float[] t = d(dst);
        Strided.of(src, dst)
                .forEachRow((oa, sa, ob, sb, oc, sc, len) -> CpuElementwise.copyRow(s, oa, sa, t, ob, sb, len));
    }

    @Override
    public void unary(UnaryOp op, float alpha, Tensor x, Tensor y) {
        contiguous(x, y);
        CpuElementwise.unary(op, alpha, d(x), x.offset(), d(y), y.offset(), x.numel());
    }

    @Override
    public boolean unaryBackward(UnaryOp op, float alpha, Tensor x, Tensor y, Tensor gy, Tensor gx) {
        contiguous(x, y, gy, gx);
        CpuElementwise.unaryBackward(op, alpha, d(x), x.offset(), d(y), y.offset(), d(gy), gy.offset(),
                d(gx), gx.offset(), x.numel());
        return true;
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        float[] da = d(a);
        float[] db = d(b);
        float[] dc = d(out);
        Strided.of(a, b, out).forEachRow(
                (oa, sa, ob, sb, oc, sc, len) -> CpuElementwise.binaryRow(op, da, oa, sa, db, ob, sb, dc, oc, sc, len));
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, int outer, int n, int inner, Tensor out) {
        contiguous(x, out);
        CpuReduce.reduce(op, outer, n, inner, d(x), x.offset(), d(out), out.offset());
    }

    @Override
    public void gemm(boolean transA, boolean transB, int batch, int m, int n, int k, float alpha,
                     Tensor a, int strideA, Tensor b, int strideB, float beta, Tensor c, int strideC) {
        contiguous(a, b, c);
        float[] da = d(a);
        float[] db = d(b);
        float[] dc = d(c);
        if (strideC == 0 && batch > 1) {
            // every product accumulates into one C: run them in order
            for (int i = 0; i < batch; i++) {
                Sgemm.gemm(transA, transB, m, n, k, alpha, da, a.offset() + i * strideA, db, b.offset() + i * strideB,
                        i == 0 ? beta : 1f, dc, c.offset());
            }
            return;
        }
        Parallel.range(batch, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                Sgemm.gemm(transA, transB, m, n, k, alpha, da, a.offset() + i * strideA, db, b.offset() + i * strideB,
                        beta, dc, c.offset() + i * strideC);
            }
        });
    }

    private static CpuConv.Geometry conv(Tensor x, Tensor w, Tensor y, Conv2dSpec spec) {
        return new CpuConv.Geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(0), y.dim(2), y.dim(3), spec);
    }

    @Override
    public void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor y) {
        contiguous(x, w, y);
        CpuConv.forward(conv(x, w, y, spec), d(x), x.offset(), d(w), w.offset(), d(y), y.offset());
    }

    @Override
    public void conv2dBackwardData(Tensor gy, Tensor w, Conv2dSpec spec, Tensor gx) {
        contiguous(gy, w, gx);
        CpuConv.backwardData(conv(gx, w, gy, spec), d(gy), gy.offset(), d(w), w.offset(), d(gx), gx.offset());
    }

    @Override
    public void conv2dBackwardFilter(Tensor x, Tensor gy, Conv2dSpec spec, Tensor gw) {
        contiguous(x, gy, gw);
        CpuConv.backwardFilter(conv(x, gw, gy, spec), d(x), x.offset(), d(gy), gy.offset(), d(gw), gw.offset());
    }

    private static CpuDepthwise.Geometry dw(Tensor x, Tensor w, Tensor y, int stride, int padding) {
        return new CpuDepthwise.Geometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), w.dim(2), stride, padding, y.dim(2),
                y.dim(3));
    }

    @Override
    public void depthwiseConv2d(Tensor x, Tensor w, int stride, int padding, Tensor y) {
        contiguous(x, w, y);
        CpuDepthwise.forward(dw(x, w, y, stride, padding), d(x), x.offset(), d(w), w.offset(), d(y), y.offset());
    }

    @Override
    public void depthwiseConv2dBackwardData(Tensor gy, Tensor w, int stride, int padding, Tensor gx) {
        contiguous(gy, w, gx);
        CpuDepthwise.backwardData(dw(gx, w, gy, stride, padding), d(gy), gy.offset(), d(w), w.offset(), d(gx),
                gx.offset());
    }

    @Override
    public void depthwiseConv2dBackwardFilter(Tensor x, Tensor gy, int stride, int padding, Tensor gw) {
        contiguous(x, gy, gw);
        CpuDepthwise.backwardFilter(dw(x, gw, gy, stride, padding), d(x), x.offset(), d(gy), gy.offset(), d(gw),
                gw.offset());
    }

    @Override
    public void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                  float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        contiguous(x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvStd);
        CpuBatchNorm.training(null, x.dim(0), x.dim(1), x.dim(2) * x.dim(3), d(x), x.offset(), d(gamma), gamma.offset(),
                d(beta), beta.offset(), d(runningMean), runningMean.offset(), d(runningVar), runningVar.offset(),
                momentum, eps, d(y), y.offset(), d(saveMean), saveMean.offset(), d(saveInvStd), saveInvStd.offset());
    }

    @Override
    public boolean fusesBatchNormActivation(UnaryOp act) {
        return true;
    }

    @Override
    public void batchNormActivationTraining(UnaryOp act, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                            Tensor runningVar, float momentum, float eps, Tensor y, Tensor saveMean,
                                            Tensor saveInvStd) {
        contiguous(x, gamma, beta, runningMean, runningVar, y, saveMean, saveInvStd);
        CpuBatchNorm.training(act, x.dim(0), x.dim(1), x.dim(2) * x.dim(3), d(x), x.offset(), d(gamma),
                gamma.offset(), d(beta), beta.offset(), d(runningMean), runningMean.offset(), d(runningVar),
                runningVar.offset(), momentum, eps, d(y), y.offset(), d(saveMean), saveMean.offset(), d(saveInvStd),
                saveInvStd.offset());
    }

    @Override
    public void batchNormActivationInference(UnaryOp act, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                             Tensor runningVar, float eps, Tensor y) {
        contiguous(x, gamma, beta, runningMean, runningVar, y);
        CpuBatchNorm.inference(act, x.dim(0), x.dim(1), x.dim(2) * x.dim(3), d(x), x.offset(), d(gamma),
                gamma.offset(), d(beta), beta.offset(), d(runningMean), runningMean.offset(), d(runningVar),
                runningVar.offset(), eps, d(y), y.offset());
    }

    @Override
    public void batchNormActivationBackward(UnaryOp act, Tensor x, Tensor y, Tensor gy, Tensor gamma, Tensor beta,
                                            Tensor saveMean, Tensor saveInvStd, Tensor gx, Tensor gGamma,
                                            Tensor gBeta) {
        contiguous(x, y, gy, gamma, beta, saveMean, saveInvStd, gx, gGamma, gBeta);
        CpuBatchNorm.backward(act, x.dim(0), x.dim(1), x.dim(2) * x.dim(3), d(x), x.offset(), d(y),
                y.offset(), d(gy), gy.offset(), d(gamma), gamma.offset(), d(beta), beta.offset(), d(saveMean),
                saveMean.offset(), d(saveInvStd), saveInvStd.offset(), d(gx), gx.offset(), d(gGamma),
                gGamma.offset(), d(gBeta), gBeta.offset());
    }

    @Override
    public void batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   float eps, Tensor y) {
        contiguous(x, gamma, beta, runningMean, runningVar, y);
        CpuBatchNorm.inference(x.dim(0), x.dim(1), x.dim(2) * x.dim(3), d(x), x.offset(), d(gamma), gamma.offset(),
                d(beta), beta.offset(), d(runningMean), runningMean.offset(), d(runningVar), runningVar.offset(), eps,
                d(y), y.offset());
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor gx, Tensor gGamma, Tensor gBeta) {
        contiguous(x, gy, gamma, saveMean, saveInvStd, gx, gGamma, gBeta);
        CpuBatchNorm.backward(null, x.dim(0), x.dim(1), x.dim(2) * x.dim(3), d(x), x.offset(), null, 0, d(gy),
                gy.offset(), d(gamma), gamma.offset(), null, 0, d(saveMean), saveMean.offset(), d(saveInvStd),
                saveInvStd.offset(), d(gx), gx.offset(), d(gGamma), gGamma.offset(), d(gBeta), gBeta.offset());
    }

    @Override
    public void pool2d(PoolKind kind, Tensor x, Pool2dSpec spec, Tensor y) {
        contiguous(x, y);
        CpuPooling.forward(kind, spec, x.dim(0) * x.dim(1), x.dim(2), x.dim(3), d(x), x.offset(), d(y), y.offset());
    }

    @Override
    public void pool2dBackward(PoolKind kind, Tensor x, Tensor y, Tensor gy, Pool2dSpec spec, Tensor gx) {
        contiguous(x, gy, gx);
        CpuPooling.backward(kind, spec, x.dim(0) * x.dim(1), x.dim(2), x.dim(3), d(x), x.offset(), d(gy), gy.offset(),
                d(gx), gx.offset());
    }

    @Override
    public void logSoftmax(Tensor x, Tensor y) {
        contiguous(x, y);
        CpuSoftmax.logSoftmax(x.dim(0), x.dim(1), d(x), x.offset(), d(y), y.offset());
    }

    @Override
    public void logSoftmaxBackward(Tensor y, Tensor gy, Tensor gx) {
        contiguous(y, gy, gx);
        CpuSoftmax.logSoftmaxBackward(y.dim(0), y.dim(1), d(y), y.offset(), d(gy), gy.offset(), d(gx), gx.offset());
    }

    @Override
    public void softmaxCrossEntropy(Tensor logits, Tensor labels, float smoothing, Tensor loss, Tensor dlogits) {
        contiguous(logits, labels, loss, dlogits);
        CpuSoftmax.crossEntropy(logits.dim(0), logits.dim(1), d(logits), logits.offset(), d(labels), labels.offset(),
                smoothing, d(loss), loss.offset(), dlogits == null ? null : d(dlogits),
                dlogits == null ? 0 : dlogits.offset());
    }

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                        boolean nesterov) {
        contiguous(param, grad, velocity);
        CpuOptimizers.sgd(param.numel(), d(param), param.offset(), d(grad), grad.offset(),
                velocity == null ? null : d(velocity), velocity == null ? 0 : velocity.offset(), lr, momentum,
                weightDecay, nesterov);
    }

    @Override
    public void rmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor buf, float lr, float alpha, float eps,
                            float momentum, float weightDecay) {
        contiguous(param, grad, squareAvg, buf);
        CpuOptimizers.rmsprop(param.numel(), d(param), param.offset(), d(grad), grad.offset(), d(squareAvg),
                squareAvg.offset(), buf == null ? null : d(buf), buf == null ? 0 : buf.offset(), lr, alpha, eps,
                momentum, weightDecay);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                         float weightDecay, boolean decoupled, int step) {
        contiguous(param, grad, m, v);
        CpuOptimizers.adam(param.numel(), d(param), param.offset(), d(grad), grad.offset(), d(m), m.offset(),
                d(v), v.offset(), lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }
}
