package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Tensor;

/** Flattens every dimension from {@code startDim} (default 1) on into one: [N, C, H, W] to [N, C*H*W]. */
public final class Flatten extends Module {
    private final int startDim;

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    public Flatten() {
        this(1);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim);
    }
}
