package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Tensor;

/** An activation as a module (no parameters). */
public final class Act extends Module {
    private final Activation activation;

    public Act(Activation activation) {
        this.activation = activation;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public Tensor forward(Tensor x) {
        return activation.apply(x);
    }

    @Override
    protected String describe() {
        return "Act(" + activation.token() + ")";
    }
}
