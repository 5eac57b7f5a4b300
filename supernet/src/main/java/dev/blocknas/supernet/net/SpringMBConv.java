package dev.blocknas.supernet.net;

import dev.blocknas.layers.nn.Activation;
import dev.blocknas.layers.nn.BatchNorm2d;
import dev.blocknas.layers.nn.Conv2d;
import dev.blocknas.layers.nn.DepthwiseConv2d;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.SqueezeExcite;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;
import dev.blocknas.tensor.ops.Normalization;
import dev.blocknas.tensor.ops.Pooling;
import dev.blocknas.tensor.ops.Views;

/**
 * BS-NAS's spring block: an MBConv whose expansion is chosen per forward pass. It holds one set of weights
 * at the widest expansion, named as {@link dev.blocknas.layers.nn.MBConv} names them ({@code conv_pw, bn1,
 * conv_dw, bn2, se, conv_pwl, bn3}), and an expansion e uses only the first c = e x in hidden channels: the
 * first c output rows of the 1x1 expansion, the first c channels of bn1, the depthwise filters and bn2 (and
 * of the squeeze-excite gate), and the first c input columns of the 1x1 projection. The narrowing is done with
 * views that carry gradients, so training a narrow expansion trains the leading channels of the shared
 * widest weights and nothing else. Expansion 1 skips the expansion conv, as an MBConv of expansion 1 does.
 */
public final class SpringMBConv extends Module {
    private final int in;
    private final int kernel;
    private final int maxExpansion;
    private final int stride;
    private final Activation act;
    private final boolean residual;
    private final Conv2d convPw;
    private final BatchNorm2d bn1;
    private final DepthwiseConv2d convDw;
    private final BatchNorm2d bn2;
    private final SqueezeExcite se;
    private final Conv2d convPwl;
    private final BatchNorm2d bn3;
    private int expansion;

    /**
     * @param maxExpansion the widest expansion, whose weights every narrower one shares
     * @param seRatio      squeeze-excite ratio of the input width, 0 for none
     */
    public SpringMBConv(int in, int out, int kernel, int maxExpansion, int stride, double seRatio, Activation act,
                        Rng rng, Device device) {
        if (in < 1 || out < 1 || maxExpansion < 1 || kernel < 1 || kernel % 2 == 0 || stride < 1 || !(seRatio >= 0)) {
            throw new IllegalArgumentException("invalid spring MBConv(" + in + " -> " + out + ", k" + kernel + ", e<=" + maxExpansion
                    + ", s" + stride + ", se " + seRatio + ")");
        }
        this.in = in;
        this.kernel = kernel;
        this.maxExpansion = maxExpansion;
        this.stride = stride;
        this.act = act;
        this.residual = stride == 1 && in == out;
        int mid = in * maxExpansion;
        if (maxExpansion != 1) {
            convPw = registerModule("conv_pw", new Conv2d(in, mid, 1, 1, 0, 1, 1, false, rng, device));
            bn1 = registerModule("bn1", new BatchNorm2d(mid, device));
        } else {
            convPw = null;
            bn1 = null;
        }
        convDw = registerModule("conv_dw", new DepthwiseConv2d(mid, kernel, stride, rng, device));
        bn2 = registerModule("bn2", new BatchNorm2d(mid, device));
        se = seRatio > 0
                ? registerModule("se", new SqueezeExcite(mid, SqueezeExcite.reducedChannels(seRatio, in), act, rng, device))
                : null;
        convPwl = registerModule("conv_pwl", new Conv2d(mid, out, 1, 1, 0, 1, 1, false, rng, device));
        bn3 = registerModule("bn3", new BatchNorm2d(out, device));
        expansion = maxExpansion;
    }

    public int maxExpansion() {
        return maxExpansion;
    }

    public int kernel() {
        return kernel;
    }

    /** The expansion the next forward pass uses. */
    public int expansion() {
        return expansion;
    }

    /** Chooses the expansion (1 to the widest) of the following forward passes. */
    public void setExpansion(int e) {
        if (e < 1 || e > maxExpansion) {
            throw new IllegalArgumentException("expansion " + e + " of a spring MBConv whose widest expansion is " + maxExpansion);
        }
        expansion = e;
    }

    /** Hidden channels in use: the expansion times the input width. */
    public int activeChannels() {
        return in * expansion;
    }

    @Override
    public Tensor forward(Tensor x) {
        int c = activeChannels();
        Tensor h = x;
        if (expansion != 1) {
            h = Convolutions.conv2d(h, first(convPw.weight().tensor(), 0, c), null, 1, 0, 1, 1);
            h = act.apply(norm(bn1, h, c));
        }
        h = Convolutions.depthwiseConv2d(h, first(convDw.weight().tensor(), 0, c), stride, kernel / 2);
        h = act.apply(norm(bn2, h, c));
        if (se != null) h = excite(h, c);
        h = Convolutions.conv2d(h, first(convPwl.weight().tensor(), 1, c), null, 1, 0, 1, 1);
        h = bn3.forward(h);
        return residual ? h.add(x) : h;
    }

    /** The leading {@code c} entries along {@code axis}; the tensor itself at full width, so the widest expansion is an ordinary MBConv. */
    private static Tensor first(Tensor t, int axis, int c) {
        return t.dim(axis) == c ? t : Views.narrow(t, axis, 0, c);
    }

    private Tensor norm(BatchNorm2d bn, Tensor h, int c) {
        // The running statistics are narrowed too: the views write their update into the widest buffers.
        return Normalization.batchNorm2d(h, first(bn.weight().tensor(), 0, c), first(bn.bias().tensor(), 0, c),
                first(bn.runningMean(), 0, c), first(bn.runningVar(), 0, c), isTraining(), bn.momentum(), bn.eps());
    }

    private Tensor excite(Tensor h, int c) {
        Conv2d reduce = (Conv2d) se.namedChildren().get("conv_reduce");
        Conv2d expand = (Conv2d) se.namedChildren().get("conv_expand");
        Tensor s = Pooling.globalAvgPool(h);
        s = act.apply(Convolutions.conv2d(s, first(reduce.weight().tensor(), 1, c), reduce.bias().tensor(), 1, 0, 1, 1));
        Tensor gate = Convolutions.conv2d(s, first(expand.weight().tensor(), 0, c), first(expand.bias().tensor(), 0, c), 1, 0, 1, 1)
                .sigmoid();
        return h.mul(gate);
    }

    @Override
    protected String describe() {
        return "SpringMBConv(" + in + ", k" + kernel + ", e" + expansion + " of " + maxExpansion + ", s" + stride
                + (se != null ? ", se" : "") + ", " + act.token() + (residual ? ", residual" : "") + ")";
    }
}
