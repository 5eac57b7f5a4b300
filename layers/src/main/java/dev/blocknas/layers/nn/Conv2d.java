package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;

/**
 * 2-D convolution over NCHW images with a square kernel: {@code weight} [out, in/groups, k, k] and an
 * optional {@code bias} [out] (no weight decay). Initialised with {@link Init#convWeight}, bias zero.
 */
public final class Conv2d extends Module {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Parameter weight;
    private final Parameter bias;

    public Conv2d(int in, int out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
                  Rng rng, Device device) {
        if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0 || dilation < 1 || groups < 1) {
            throw new IllegalArgumentException(
                    "invalid Conv2d(" + in + " -> " + out + ", kernel " + kernel + ", stride "
                            + stride + ", padding " + padding + ", dilation " + dilation + ", groups " + groups + ")");
        }
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(
                    "Conv2d channels " + in + " -> " + out + " are not divisible by " + groups + " groups");
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = registerParameter("weight", Init.convWeight(rng, device, out, in / groups, kernel, groups), true);
        this.bias = bias ? registerParameter("bias", Tensor.zeros(device, out), false) : null;
    }

    /** A dense convolution (one group, dilation 1) with "same" padding k / 2. */
    public Conv2d(int in, int out, int kernel, int stride, boolean bias, Rng rng, Device device) {
        this(in, out, kernel, stride, kernel / 2, 1, 1, bias, rng, device);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null. */
    public Parameter bias() {
        return bias;
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

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public int groups() {
        return groups;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Convolutions.conv2d(x, weight.tensor(), bias == null ? null : bias.tensor(), stride, padding, dilation,
                groups);
    }

    @Override
    protected String describe() {
        return "Conv2d(" + in + " -> " + out + ", k" + kernel + ", s" + stride + ", p" + padding
                + (dilation != 1 ? ", d" + dilation : "") + (groups != 1 ? ", g" + groups : "")
                + (bias != null ? ", bias" : "") + ")";
    }
}
