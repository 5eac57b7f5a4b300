package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

/** Inverted dropout: zeroes elements with probability p and scales the rest by 1/(1-p) while training. */
public final class DropoutOp {
    private DropoutOp() {}

    /** Returns {@code x} itself when not training or when p is 0. */
    public static Tensor dropout(Tensor x, float p, Rng rng, boolean training) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        if (!training || p == 0f) return x;
        Tensor mask = Tensor.empty(x.shape(), x.device());
        x.backend().dropoutMask(mask, rng.nextSeed(), p);
        return x.mul(mask);
    }
}
