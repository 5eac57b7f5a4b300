package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

/** The network stem: {@code conv} (3x3, stride s, padding 1, no bias), {@code bn}, activation. */
public final class Stem extends Module {
    private final int in;
    private final int out;
    private final int stride;
    private final Activation act;
    private final Conv2d conv;
    private final BatchNorm2d bn;

    public Stem(int in, int out, int stride, Activation act, Rng rng, Device device) {
        this.in = in;
        this.out = out;
        this.stride = stride;
        this.act = act;
        this.conv = registerModule("conv", new Conv2d(in, out, 3, stride, 1, 1, 1, false, rng, device));
        this.bn = registerModule("bn", new BatchNorm2d(out, device));
    }

    public int outChannels() {
        return out;
    }

    public int stride() {
        return stride;
    }

    @Override
    public Tensor forward(Tensor x) {
        return bn.forward(conv.forward(x), act);
    }

    @Override
    protected String describe() {
        return "Stem(" + in + " -> " + out + ", s" + stride + ", " + act.token() + ")";
    }
}
