package dev.blocknas.tensor;

/**
 * The primitives every device implements; the autograd ops in {@code dev.blocknas.tensor.ops} are written
 * only in terms of these.
 *
 * <p>Conventions: tensors are float32; outputs are contiguous tensors allocated by the caller on this
 * backend and fully overwritten; inputs are contiguous unless a method says otherwise. Images are NCHW.
 * Work may run asynchronously (on one stream); {@link #download} and {@link #synchronize} wait for it.
 * {@code CpuBackend} is the reference that every other backend is tested against.
 */
public interface Backend extends AutoCloseable {

    /** The device this backend computes on. */
    Device device();

    /** One line: device name, driver and library versions where they apply. */
    String describe();

    // ---- memory and transfers -------------------------------------------------------------------

    /** New uninitialised storage for {@code numel} elements. */
    Storage allocate(int numel, DType dtype);

    /** Counters of this backend's allocator. */
    MemoryStats memoryStats();

    /** Waits until all queued work has finished. */
    void synchronize();

    /** Copies {@code dst.numel()} floats from the host array into contiguous {@code dst}. */
    void upload(float[] src, int srcOffset, Tensor dst);

    /** Copies contiguous {@code src} into the host array; waits for queued work first. */
    void download(Tensor src, float[] dst, int dstOffset);

    /** Sets every element of contiguous {@code dst}. */
    void fill(Tensor dst, float value);

    /**
     * Fills contiguous {@code dst} with uniform values in [low, high) from the counter-based generator
     * of {@link Rng#uniform(long, long)}, so every backend produces the same numbers for the same seed.
     */
    void fillUniform(Tensor dst, long seed, float low, float high);

    /** As {@link #fillUniform}, normal values from {@link Rng#normal(long, long)}. */
    void fillNormal(Tensor dst, long seed, float mean, float std);

    /**
     * Writes a dropout mask into contiguous {@code mask}: element i is 1/(1-p) where
     * {@code Rng.uniform(seed, i) >= p}, else 0.
     */
    void dropoutMask(Tensor mask, long seed, float p);

    /** Copies {@code src} to {@code dst} of the same shape; both may be strided views (rank up to 8). */
    void copy(Tensor src, Tensor dst);

    // ---- elementwise ----------------------------------------------------------------------------

    /** y = op(x; alpha). {@code y} may be {@code x} itself. */
    void unary(UnaryOp op, float alpha, Tensor x, Tensor y);

    /**
     * An optional fused fast path for gx = gy * op'(x), given x and y = op(x) (some derivatives are cheaper
     * from y). The derivative itself is defined once, in {@code dev.blocknas.tensor.ops.UnaryRules}, from
     * forward primitives; a backend that fuses it into one kernel writes {@code gx} and returns true, and
     * {@code UnaryRulesTest} holds the two to each other on every backend. This default has no fused kernel:
     * it leaves {@code gx} untouched and returns false, and the caller then composes the rule.
     *
     * @return whether {@code gx} was written
     */
    default boolean unaryBackward(UnaryOp op, float alpha, Tensor x, Tensor y, Tensor gy, Tensor gx) {
        return false;
    }

    /**
     * out = a op b. {@code a} and {@code b} have out's shape but may be strided views, including broadcast
     * views with stride 0; {@code out} may be {@code a} itself (in-place accumulation).
     */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    // ---- reductions -----------------------------------------------------------------------------

    /** Reduces x viewed as [outer, n, inner] along the middle axis into out [outer, inner]. */
    void reduce(ReduceOp op, Tensor x, int outer, int n, int inner, Tensor out);

    // ---- linear algebra -------------------------------------------------------------------------

    /**
     * Row-major batched GEMM: for each b &lt; batch, C_b = alpha * op(A_b) * op(B_b) + beta * C_b with
     * C_b [m, n]; A_b is [m, k] ([k, m] when transA); B_b is [k, n] ([n, k] when transB). Matrix b starts
     * {@code b * stride} elements after the tensor's offset; a stride of 0 shares one matrix across the batch.
     */
    void gemm(boolean transA, boolean transB, int batch, int m, int n, int k, float alpha,
              Tensor a, int strideA, Tensor b, int strideB, float beta, Tensor c, int strideC);

    // ---- convolution ----------------------------------------------------------------------------

    /** y[N, Cout, Ho, Wo] = conv(x[N, Cin, H, W], w[Cout, Cin/groups, k, k]). */
    void conv2d(Tensor x, Tensor w, Conv2dSpec spec, Tensor y);

    /** gx = d(loss)/dx given gy. */
    void conv2dBackwardData(Tensor gy, Tensor w, Conv2dSpec spec, Tensor gx);

    /** gw = d(loss)/dw given x and gy (overwritten, not accumulated). */
    void conv2dBackwardFilter(Tensor x, Tensor gy, Conv2dSpec spec, Tensor gw);

    /** Depthwise convolution: y[N, C, Ho, Wo] from x[N, C, H, W] and w[C, 1, k, k]; dilation 1. */
    void depthwiseConv2d(Tensor x, Tensor w, int stride, int padding, Tensor y);

    /** gx of the depthwise convolution. */
    void depthwiseConv2dBackwardData(Tensor gy, Tensor w, int stride, int padding, Tensor gx);

    /** gw of the depthwise convolution (overwritten). */
    void depthwiseConv2dBackwardFilter(Tensor x, Tensor gy, int stride, int padding, Tensor gw);

    // ---- batch normalisation (per channel of NCHW) ----------------------------------------------

    /**
     * Normalises with the batch's statistics: y = (x - mean) * invStd * gamma + beta. Saves mean and
     * 1/sqrt(var + eps) (biased variance) for the backward pass, and updates the running statistics
     * in place: running = (1 - momentum) * running + momentum * batch (the running variance is unbiased).
     */
    void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                           float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd);

    /** Normalises with the running statistics. */
    void batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                            float eps, Tensor y);

    /** Gradients of {@link #batchNormTraining}: gx, and gGamma and gBeta (overwritten). */
    void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                           Tensor gx, Tensor gGamma, Tensor gBeta);

    /**
     * Whether this backend runs batch norm and {@code act} after it as one fused pass
     * ({@link #batchNormActivationTraining}, {@link #batchNormActivationBackward},
     * {@link #batchNormActivationInference}). The default is false: the caller
     * then composes the two ops.
     */
    default boolean fusesBatchNormActivation(UnaryOp act) {
        return false;
    }

    /**
     * y = act(batch norm of x) in training mode, without storing the normalised tensor between the two: the
     * statistics, running updates and saved mean and 1/sqrt(var + eps) are those of {@link #batchNormTraining},
     * and y is bit for bit what {@link #unary} of its output gives. Only called where
     * {@link #fusesBatchNormActivation} says so.
     */
    default void batchNormActivationTraining(UnaryOp act, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                             Tensor runningVar, float momentum, float eps, Tensor y, Tensor saveMean,
                                             Tensor saveInvStd) {
        throw new UnsupportedOperationException("no fused batch norm and " + act + " on " + getClass().getSimpleName());
    }

    /**
     * y = act(batch norm of x with the running statistics), without storing the normalised tensor between the
     * two: bit for bit what {@link #unary} of {@link #batchNormInference}'s output gives. Only called where
     * {@link #fusesBatchNormActivation} says so, and only where no gradient is recorded.
     */
    default void batchNormActivationInference(UnaryOp act, Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                              Tensor runningVar, float eps, Tensor y) {
        throw new UnsupportedOperationException("no fused batch norm and " + act + " on " + getClass().getSimpleName());
    }

    /**
     * Gradients of {@link #batchNormActivationTraining} from gy (the gradient at y = act(norm)): gx, gGamma and
     * gBeta, bit for bit what {@link #unaryBackward} followed by {@link #batchNormBackward} give; the normalised
     * tensor is recomputed from x. Only called where {@link #fusesBatchNormActivation} says so.
     */
    default void batchNormActivationBackward(UnaryOp act, Tensor x, Tensor y, Tensor gy, Tensor gamma, Tensor beta,
                                             Tensor saveMean, Tensor saveInvStd, Tensor gx, Tensor gGamma,
                                             Tensor gBeta) {
        throw new UnsupportedOperationException("no fused batch norm and " + act + " on " + getClass().getSimpleName());
    }

    // ---- pooling --------------------------------------------------------------------------------

    /** Window pooling of NCHW x into y. */
    void pool2d(PoolKind kind, Tensor x, Pool2dSpec spec, Tensor y);

    /** gx of {@link #pool2d} (max pooling routes each window's gradient to its first maximum). */
    void pool2dBackward(PoolKind kind, Tensor x, Tensor y, Tensor gy, Pool2dSpec spec, Tensor gx);

    // ---- softmax and losses ---------------------------------------------------------------------

    /** Row-wise log-softmax of x [rows, cols]. */
    void logSoftmax(Tensor x, Tensor y);

    /** gx = gy - softmax(x) * rowsum(gy), given y = logSoftmax(x). */
    void logSoftmaxBackward(Tensor y, Tensor gy, Tensor gx);

    /**
     * Per-row cross-entropy of logits [rows, classes] against class indices {@code labels} [rows] (stored as
     * floats), with label smoothing s: the target is (1 - s) on the label plus s / classes everywhere.
     * Writes {@code loss} [rows] and, when {@code dlogits} is not null, softmax(logits) - target.
     */
    void softmaxCrossEntropy(Tensor logits, Tensor labels, float smoothing, Tensor loss, Tensor dlogits);

    // ---- optimizer updates (in place) -----------------------------------------------------------

    /**
     * SGD with momentum as PyTorch defines it: g += wd * p; v = momentum * v + g;
     * p -= lr * (nesterov ? g + momentum * v : v). {@code velocity} may be null when momentum is 0.
     */
    void sgdStep(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay,
                 boolean nesterov);

    /**
     * RMSprop as PyTorch defines it: g += wd * p; sq = alpha * sq + (1 - alpha) * g^2;
     * buf = momentum * buf + g / (sqrt(sq) + eps); p -= lr * buf ({@code buf} null when momentum is 0).
     */
    void rmspropStep(Tensor param, Tensor grad, Tensor squareAvg, Tensor buf, float lr, float alpha, float eps,
                     float momentum, float weightDecay);

    /**
     * Adam (L2 penalty added to the gradient) or, when {@code decoupled}, AdamW (p -= lr * wd * p first).
     * {@code step} counts from 1 and sets the bias corrections.
     */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps,
                  float weightDecay, boolean decoupled, int step);

    /** Releases the backend's handles and cached memory. Tensors of this backend must not be used after. */
    @Override
    void close();
}
