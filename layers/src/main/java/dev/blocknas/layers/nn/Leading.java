package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Views;

/** The leading channels of a weight, as a view that carries gradients into the full tensor. */
final class Leading {
    private Leading() {}

    /** The first {@code c} entries along {@code axis}; the tensor itself when it has exactly {@code c}. */
    static Tensor of(Tensor t, int axis, int c) {
        return t.dim(axis) == c ? t : Views.narrow(t, axis, 0, c);
    }
}
