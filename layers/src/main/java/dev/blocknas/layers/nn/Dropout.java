package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

/** Inverted dropout with probability p in training mode; the identity in eval mode. */
public final class Dropout extends Module implements Stochastic {
    private final float p;
    private Rng rng;

    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        this.p = p;
        this.rng = rng;
    }

    public float p() {
        return p;
    }

    @Override
    public void setRng(Rng rng) {
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        return dev.blocknas.tensor.ops.DropoutOp.dropout(x, p, rng, isTraining());
    }

    @Override
    protected String describe() {
        return "Dropout(" + p + ")";
    }
}
