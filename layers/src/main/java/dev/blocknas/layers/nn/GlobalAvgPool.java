package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Pooling;

/** Mean over H and W: [N, C, H, W] to [N, C, 1, 1]. */
public final class GlobalAvgPool extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Pooling.globalAvgPool(x);
    }
}
