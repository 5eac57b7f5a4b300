package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;
import dev.blocknas.tensor.ops.Pooling;

/**
 * Squeeze-and-excitation: global average pool, {@code conv_reduce} (1x1 with bias) to the reduced width,
 * activation, {@code conv_expand} (1x1 with bias) back, sigmoid gate, and the input scaled channel by channel.
 *
 * <p>In the EfficientNet/DNA convention the reduced width comes from the <em>block input</em> width, not
 * from the expanded width the gate acts on: see {@link #reducedChannels}.
 */
public final class SqueezeExcite extends Module {
    private final int channels;
    private final int reduced;
    private final Activation act;
    private final Conv2d convReduce;
    private final Conv2d convExpand;

    /**
     * @param channels        width of the tensor the gate scales (the expanded width inside an MBConv)
     * @param reducedChannels width of the bottleneck
     */
    public SqueezeExcite(int channels, int reducedChannels, Activation act, Rng rng, Device device) {
        if (channels < 1 || reducedChannels < 1) {
            throw new IllegalArgumentException(
                    "invalid SqueezeExcite(" + channels + " channels, reduced to " + reducedChannels + ")");
        }
        this.channels = channels;
        this.reduced = reducedChannels;
        this.act = act;
        this.convReduce = registerModule("conv_reduce",
                new Conv2d(channels, reducedChannels, 1, 1, 0, 1, 1, true, rng, device));
        this.convExpand = registerModule("conv_expand",
                new Conv2d(reducedChannels, channels, 1, 1, 0, 1, 1, true, rng, device));
    }

    /**
     * The bottleneck width for ratio {@code ratio} of {@code base} channels (the block input width):
     * max(1, round(ratio * base)), rounding halves up.
     */
    public static int reducedChannels(double ratio, int base) {
        if (!(ratio > 0)) throw new IllegalArgumentException("squeeze-excite ratio must be positive, got " + ratio);
        return Math.max(1, (int) Math.floor(ratio * base + 0.5));
    }

    public int channels() {
        return channels;
    }

    public int reducedChannels() {
        return reduced;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, channels);
    }

    /** The gate of the first {@code c} channels only: the reduction reads, and the expansion writes, just those. */
    public Tensor forward(Tensor x, int c) {
        Tensor s = Pooling.globalAvgPool(x);
        s = act.apply(Convolutions.conv2d(s, Leading.of(convReduce.weight().tensor(), 1, c), convReduce.bias().tensor(),
                1, 0, 1, 1));
        Tensor gate = Convolutions
                .conv2d(s, Leading.of(convExpand.weight().tensor(), 0, c), Leading.of(convExpand.bias().tensor(), 0, c),
                        1, 0, 1, 1)
                .sigmoid();
        return x.mul(gate);
    }

    @Override
    protected String describe() {
        return "SqueezeExcite(" + channels + " -> " + reduced + ", " + act.token() + ")";
    }
}
