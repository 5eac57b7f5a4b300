package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;

/**
 * Depthwise k x k convolution (one filter per channel, dilation 1): {@code weight} [C, 1, k, k], optional
 * {@code bias} [C]; runs on the backend's dedicated depthwise primitive. Fan-out init with std sqrt(2 / k^2).
 */
public final class DepthwiseConv2d extends Module {
    private final int channels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    public DepthwiseConv2d(int channels, int kernel, int stride, int padding, boolean bias, Rng rng, Device device) {
        if (channels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("invalid DepthwiseConv2d(" + channels + " channels, kernel " + kernel
                    + ", stride " + stride + ", padding " + padding + ")");
        }
        this.channels = channels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = registerParameter("weight", Init.convWeight(rng, device, channels, 1, kernel, channels), true);
        this.bias = bias ? registerParameter("bias", Tensor.zeros(device, channels), false) : null;
    }

    /** "Same" padding k / 2, no bias. */
    public DepthwiseConv2d(int channels, int kernel, int stride, Rng rng, Device device) {
        this(channels, kernel, stride, kernel / 2, false, rng, device);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int channels() {
        return channels;
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

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = Convolutions.depthwiseConv2d(x, weight.tensor(), stride, padding);
        return bias == null ? y : y.add(bias.tensor().reshape(1, channels, 1, 1));
    }

    @Override
    protected String describe() {
        return "DepthwiseConv2d(" + channels + ", k" + kernel + ", s" + stride + ", p" + padding
                + (bias != null ? ", bias" : "") + ")";
    }
}
