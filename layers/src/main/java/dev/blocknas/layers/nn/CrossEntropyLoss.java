package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

/** Mean cross-entropy of logits [N, classes] against class indices [N] (as floats), with label smoothing. */
public final class CrossEntropyLoss {
    private final float smoothing;

    public CrossEntropyLoss(float smoothing) {
        if (!(smoothing >= 0f && smoothing < 1f))
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        this.smoothing = smoothing;
    }

    /** Without smoothing. */
    public CrossEntropyLoss() {
        this(0f);
    }

    public float smoothing() {
        return smoothing;
    }

    /** The scalar loss. */
    public Tensor forward(Tensor logits, Tensor labels) {
        return Losses.crossEntropy(logits, labels, smoothing);
    }
}
