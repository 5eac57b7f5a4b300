package dev.blocknas.kernels.dnn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * Spatial batch normalisation (per channel of NCHW) through cuDNN. Conventions match the Backend SPI:
 * cuDNN's exponentialAverageFactor is our momentum (running = (1 - f) * running + f * batch), cuDNN updates
 * the running variance with the unbiased batch variance as the CPU reference does, and it saves the mean
 * and 1/sqrt(var + eps) of the biased variance, which is exactly our saveMean / saveInvStd.
 *
 * <p>cudnnBatchNormalizationBackward wants the forward's epsilon, which the SPI's backward does not carry:
 * it is remembered per saveInvStd buffer when the forward runs (1e-5, PyTorch's default, if unknown). Given
 * the saved statistics cuDNN does not recompute them, so epsilon only has to be a valid value there.
 */
public final class CudnnBatchNorm implements AutoCloseable {
    private record Shape(int n, int c, int h, int w) {}

    private static final double DEFAULT_EPS = 1e-5;

    private final Cudnn dnn;
    private final Map<Shape, TensorDescriptor[]> descriptors = new HashMap<>();
    private final Map<Long, Double> epsByInvStd = new HashMap<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one;
    private final MemorySegment zero;
    private boolean closed;

    public CudnnBatchNorm(Cudnn dnn) {
        this.dnn = dnn;
        one = arena.allocate(JAVA_FLOAT);
        one.set(JAVA_FLOAT, 0, 1f);
        zero = arena.allocate(JAVA_FLOAT);
        zero.set(JAVA_FLOAT, 0, 0f);
    }

    /** [0]: the NCHW data descriptor, [1]: the 1xCx1x1 parameter descriptor. */
    private TensorDescriptor[] descriptors(int n, int c, int h, int w) {
        if (closed) throw new IllegalStateException("cuDNN batch norm was used after the CUDA backend was closed");
        return descriptors.computeIfAbsent(new Shape(n, c, h, w), s -> {
            TensorDescriptor data = new TensorDescriptor(dnn, n, c, h, w);
            try {
                return new TensorDescriptor[] {data, new TensorDescriptor(dnn, 1, c, 1, 1)};
            } catch (RuntimeException e) {
                data.close();
                throw e;
            }
        });
    }

    private static MemorySegment seg(long address) {
        return MemorySegment.ofAddress(address);
    }

    public synchronized void training(int n, int c, int h, int w, long x, long gamma, long beta, long runningMean,
                                      long runningVar, float momentum, float eps, long y, long saveMean,
                                      long saveInvStd) {
        TensorDescriptor[] d = descriptors(n, c, h, w);
        try {
            dnn.check("cudnnBatchNormalizationForwardTraining", (int) dnn.bnForwardTraining.invokeExact(dnn.handle(),
                    Cudnn.BATCHNORM_SPATIAL, one, zero, d[0].segment(), seg(x), d[0].segment(), seg(y), d[1].segment(),
                    seg(gamma), seg(beta), (double) momentum, seg(runningMean), seg(runningVar), (double) eps,
                    seg(saveMean), seg(saveInvStd)));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnBatchNormalizationForwardTraining", t);
        }
        if (epsByInvStd.size() > 4096) epsByInvStd.clear();
        epsByInvStd.put(saveInvStd, (double) eps);
    }

    public synchronized void inference(int n, int c, int h, int w, long x, long gamma, long beta, long runningMean,
                                       long runningVar, float eps, long y) {
        TensorDescriptor[] d = descriptors(n, c, h, w);
        try {
            dnn.check("cudnnBatchNormalizationForwardInference", (int) dnn.bnForwardInference.invokeExact(dnn.handle(),
                    Cudnn.BATCHNORM_SPATIAL, one, zero, d[0].segment(), seg(x), d[0].segment(), seg(y), d[1].segment(),
                    seg(gamma), seg(beta), seg(runningMean), seg(runningVar), (double) eps));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnBatchNormalizationForwardInference", t);
        }
    }

    public synchronized void backward(int n, int c, int h, int w, long x, long gy, long gamma, long saveMean,
                                      long saveInvStd, long gx, long gGamma, long gBeta) {
        TensorDescriptor[] d = descriptors(n, c, h, w);
        double eps = epsByInvStd.getOrDefault(saveInvStd, DEFAULT_EPS);
        try {
            // alpha/beta for data and for parameters: 1 and 0, so gx, gGamma and gBeta are overwritten.
            dnn.check("cudnnBatchNormalizationBackward", (int) dnn.bnBackward.invokeExact(dnn.handle(),
                    Cudnn.BATCHNORM_SPATIAL, one, zero, one, zero, d[0].segment(), seg(x), d[0].segment(), seg(gy),
                    d[0].segment(), seg(gx), d[1].segment(), seg(gamma), seg(gGamma), seg(gBeta), eps, seg(saveMean),
                    seg(saveInvStd)));
        } catch (Throwable t) {
            throw Cudnn.wrap("cudnnBatchNormalizationBackward", t);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (TensorDescriptor[] d : descriptors.values()) {
            d[1].close();
            d[0].close();
        }
        descriptors.clear();
        arena.close();
    }
}
