package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;

/**
 * The inverted residual (MobileNetV2/EfficientNet MBConv) cell. Sub-layers, named in forward order as in
 * timm: {@code conv_pw} (1x1 expansion to in * e channels) and {@code bn1} — both omitted when the
 * expansion is 1 —, {@code conv_dw} (k x k depthwise, stride s, padding k / 2), {@code bn2}, {@code se}
 * (optional squeeze-excite whose bottleneck is {@code max(1, round(seRatio * in))}, from the block input width),
 * {@code conv_pwl} (1x1 linear projection) and {@code bn3}. The activation follows bn1 and bn2; the output is
 * added to the input when the stride is 1 and the widths match, after optional drop-connect (stochastic depth:
 * in training, each sample's branch is dropped with probability {@code dropConnect} and the kept ones scaled
 * by 1 / (1 - dropConnect)).
 *
 * <p>The same cell is BS-NAS's spring block ({@link #spring}): built at its widest expansion, it runs at any
 * narrower one chosen by {@link #setActiveExpansion}, using only the first {@code e x in} hidden channels of
 * every weight (rows of the expansion, channels of bn1, the depthwise filters, bn2 and the gate, columns of the
 * projection), through views that carry gradients, so training a narrow expansion trains the leading channels
 * of the shared widest weights and nothing else. An active expansion of 1 skips the expansion conv.
 */
public final class MBConv extends Module implements Stochastic {
    private final int in;
    private final int out;
    private final int kernel;
    private final int expansion;
    private final int stride;
    private final double seRatio;
    private final Activation act;
    private final boolean residual;
    private double dropConnect;
    private Rng rng;
    private int active;

    private final Conv2d convPw;
    private final BatchNorm2d bn1;
    private final DepthwiseConv2d convDw;
    private final BatchNorm2d bn2;
    private final SqueezeExcite se;
    private final Conv2d convPwl;
    private final BatchNorm2d bn3;

    /**
     * @param seRatio     squeeze-excite ratio of the input width, 0 for none
     * @param dropConnect probability of dropping the residual branch per sample in training (0 for none)
     */
    public MBConv(int in, int out, int kernel, int expansion, int stride, double seRatio, Activation act,
                  double dropConnect, Rng rng, Device device) {
        this(in, out, kernel, expansion, stride, seRatio, act, dropConnect, rng, device, true);
    }

    /**
     * BS-NAS's spring block: an MBConv at the widest expansion whose active expansion can be narrowed. It has no
     * drop-connect, so it takes no random stream of its own.
     */
    public static MBConv spring(int in, int out, int kernel, int widestExpansion, int stride, double seRatio,
                                Activation act,
                                Rng rng, Device device) {
        return new MBConv(in, out, kernel, widestExpansion, stride, seRatio, act, 0, rng, device, false);
    }

    private MBConv(int in, int out, int kernel, int expansion, int stride, double seRatio, Activation act,
                   double dropConnect, Rng rng, Device device, boolean ownStream) {
        if (in < 1 || out < 1)
            throw new IllegalArgumentException("MBConv needs positive widths, got " + in + " -> " + out);
        if (kernel < 1 || kernel % 2 == 0)
            throw new IllegalArgumentException("MBConv needs an odd kernel size, got " + kernel);
        if (expansion < 1)
            throw new IllegalArgumentException("MBConv needs an expansion of at least 1, got " + expansion);
        if (stride < 1) throw new IllegalArgumentException("MBConv needs a positive stride, got " + stride);
        if (!(seRatio >= 0))
            throw new IllegalArgumentException("MBConv needs a squeeze-excite ratio >= 0, got " + seRatio);
        if (!(dropConnect >= 0 && dropConnect < 1)) {
            throw new IllegalArgumentException("drop-connect rate must be in [0, 1), got " + dropConnect);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.expansion = expansion;
        this.stride = stride;
        this.seRatio = seRatio;
        this.act = act;
        this.residual = stride == 1 && in == out;
        this.dropConnect = dropConnect;
        int mid = in * expansion;
        if (expansion != 1) {
            convPw = registerModule("conv_pw", new Conv2d(in, mid, 1, 1, 0, 1, 1, false, rng, device));
            bn1 = registerModule("bn1", new BatchNorm2d(mid, device));
        } else {
            convPw = null;
            bn1 = null;
        }
        convDw = registerModule("conv_dw", new DepthwiseConv2d(mid, kernel, stride, rng, device));
        bn2 = registerModule("bn2", new BatchNorm2d(mid, device));
        se = seRatio > 0
                ? registerModule("se",
                        new SqueezeExcite(mid, SqueezeExcite.reducedChannels(seRatio, in), act, rng, device))
                : null;
        convPwl = registerModule("conv_pwl", new Conv2d(mid, out, 1, 1, 0, 1, 1, false, rng, device));
        bn3 = registerModule("bn3", new BatchNorm2d(out, device));
        this.rng = ownStream ? rng.split() : null;
        this.active = expansion;
    }

    /** Without drop-connect. */
    public MBConv(int in, int out, int kernel, int expansion, int stride, double seRatio, Activation act, Rng rng,
                  Device device) {
        this(in, out, kernel, expansion, stride, seRatio, act, 0, rng, device);
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int kernel() {
        return kernel;
    }

    /** The expansion the weights are built for (the widest one of a spring block). */
    public int expansion() {
        return expansion;
    }

    /** The expansion the next forward passes use; the built one unless narrowed. */
    public int activeExpansion() {
        return active;
    }

    /** Narrows the following forward passes to expansion {@code e}, from 1 to the built one. */
    public void setActiveExpansion(int e) {
        if (e < 1 || e > expansion) {
            throw new IllegalArgumentException("expansion " + e + " of an MBConv built for expansion " + expansion);
        }
        active = e;
    }

    /** Hidden channels in use: the active expansion times the input width. */
    public int activeChannels() {
        return in * active;
    }

    public int stride() {
        return stride;
    }

    public double seRatio() {
        return seRatio;
    }

    public Activation activation() {
        return act;
    }

    /** True when the input is added to the output (stride 1 and equal widths). */
    public boolean hasResidual() {
        return residual;
    }

    public double dropConnect() {
        return dropConnect;
    }

    public void setDropConnect(double rate) {
        if (!(rate >= 0 && rate < 1))
            throw new IllegalArgumentException("drop-connect rate must be in [0, 1), got " + rate);
        if (rate > 0 && rng == null)
            throw new IllegalStateException("A spring MBConv has no random stream for drop-connect.");
        this.dropConnect = rate;
    }

    @Override
    public void setRng(Rng rng) {
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = branch(x, activeChannels());
        if (!residual) return h;
        if (isTraining() && dropConnect > 0) {
            Tensor keep = Tensor.empty(h.device(), h.dim(0), 1, 1, 1);
            h.backend().dropoutMask(keep, rng.nextSeed(), (float) dropConnect);
            h = h.mul(keep);
        }
        return h.add(x);
    }

    /** The residual branch on the first {@code c} hidden channels of every weight (all of them unless narrowed). */
    private Tensor branch(Tensor x, int c) {
        Tensor h = x;
        if (active != 1)
            h = bn1.forward(Convolutions.conv2d(h, Leading.of(convPw.weight().tensor(), 0, c), null, 1, 0, 1, 1), c,
                    act);
        h = bn2.forward(Convolutions.depthwiseConv2d(h, Leading.of(convDw.weight().tensor(), 0, c), stride, kernel / 2),
                c, act);
        if (se != null) h = se.forward(h, c);
        return bn3.forward(Convolutions.conv2d(h, Leading.of(convPwl.weight().tensor(), 1, c), null, 1, 0, 1, 1));
    }

    @Override
    protected String describe() {
        return "MBConv(" + in + " -> " + out + ", k" + kernel + ", e"
                + (active == expansion ? "" + expansion : active + " of " + expansion) + ", s" + stride
                + (seRatio > 0 ? ", se" + seRatio : "") + ", " + act.token() + (residual ? ", residual" : "")
                + (dropConnect > 0 ? ", drop-connect " + dropConnect : "") + ")";
    }
}
