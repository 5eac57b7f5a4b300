package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Normalization;

/**
 * Batch normalisation over the channels of NCHW images, named as in PyTorch: parameters {@code weight}
 * (gamma, 1) and {@code bias} (beta, 0), both without weight decay, and buffers {@code running_mean} (0) and
 * {@code running_var} (1, unbiased). In training mode it normalises with the batch's statistics and updates
 * the running ones: running = (1 - momentum) * running + momentum * batch; in eval mode it uses them.
 */
public final class BatchNorm2d extends Module {
    /** PyTorch's defaults, which DNA uses. */
    public static final float DEFAULT_MOMENTUM = 0.1f;
    public static final float DEFAULT_EPS = 1e-5f;

    private final int channels;
    private float momentum;
    private float eps;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;

    public BatchNorm2d(int channels, float momentum, float eps, Device device) {
        if (channels < 1) throw new IllegalArgumentException("BatchNorm2d needs at least one channel, got " + channels);
        this.channels = channels;
        setMomentum(momentum);
        setEps(eps);
        this.weight = registerParameter("weight", Tensor.ones(device, channels), false);
        this.bias = registerParameter("bias", Tensor.zeros(device, channels), false);
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(device, channels));
        this.runningVar = registerBuffer("running_var", Tensor.ones(device, channels));
    }

    /** Momentum 0.1, eps 1e-5. */
    public BatchNorm2d(int channels, Device device) {
        this(channels, DEFAULT_MOMENTUM, DEFAULT_EPS, device);
    }

    public int channels() {
        return channels;
    }

    public float momentum() {
        return momentum;
    }

    /**
     * Sets the weight of the batch statistics in the running update; 1 makes the running statistics those of
     * the next batch alone (DNA's recalibration before rating a candidate).
     */
    public void setMomentum(float momentum) {
        if (!(momentum >= 0f && momentum <= 1f))
            throw new IllegalArgumentException("batch-norm momentum must be in [0, 1], got " + momentum);
        this.momentum = momentum;
    }

    public float eps() {
        return eps;
    }

    public void setEps(float eps) {
        if (!(eps > 0f)) throw new IllegalArgumentException("batch-norm eps must be positive, got " + eps);
        this.eps = eps;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean.tensor();
    }

    public Tensor runningVar() {
        return runningVar.tensor();
    }

    /** Running mean back to 0 and running variance back to 1. */
    public void resetRunningStats() {
        runningMean.tensor().fill(0f);
        runningVar.tensor().fill(1f);
    }

    /** Sets momentum and eps of every batch norm in {@code root}'s tree. */
    public static void configureAll(Module root, float momentum, float eps) {
        for (BatchNorm2d bn : root.modules(BatchNorm2d.class)) {
            bn.setMomentum(momentum);
            bn.setEps(eps);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, channels);
    }

    /**
     * Normalises an input of only the first {@code c} channels with the first {@code c} of everything: the
     * affine parameters and the running statistics, whose update is written through into the full buffers.
     */
    public Tensor forward(Tensor x, int c) {
        return Normalization.batchNorm2d(x, Leading.of(weight.tensor(), 0, c), Leading.of(bias.tensor(), 0, c),
                Leading.of(runningMean.tensor(), 0, c), Leading.of(runningVar.tensor(), 0, c), isTraining(), momentum,
                eps);
    }

    /**
     * {@code act} of {@link #forward(Tensor, int)}, in one fused pass where the backend has one and the activation
     * is a single elementwise op: the same values and gradients, bit for bit.
     */
    public Tensor forward(Tensor x, int c, Activation act) {
        if (act.op() == null) return act.apply(forward(x, c));
        return Normalization.batchNorm2dActivation(x, Leading.of(weight.tensor(), 0, c),
                Leading.of(bias.tensor(), 0, c), Leading.of(runningMean.tensor(), 0, c),
                Leading.of(runningVar.tensor(), 0, c), isTraining(), momentum, eps, act.op());
    }

    /** {@code act} of {@link #forward(Tensor)}, fused as {@link #forward(Tensor, int, Activation)}. */
    public Tensor forward(Tensor x, Activation act) {
        return forward(x, channels, act);
    }

    @Override
    protected String describe() {
        return "BatchNorm2d(" + channels + ", momentum " + momentum + ", eps " + eps + ")";
    }
}
