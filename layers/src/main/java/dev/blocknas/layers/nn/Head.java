package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Pooling;

/**
 * The classification head of MobileNetV2/EfficientNet: {@code conv} (1x1 to the head width, no bias),
 * {@code bn}, activation, global average pool, {@code dropout}, {@code classifier} (linear with bias).
 * With head width 0 there is no conv, batch norm or activation: pool, dropout and classifier act on the
 * input directly.
 */
public final class Head extends Module {
    private final int in;
    private final int width;
    private final int numClasses;
    private final Activation act;
    private final Conv2d conv;
    private final BatchNorm2d bn;
    private final Dropout dropout;
    private final Linear classifier;

    /**
     * @param width   channels of the 1x1 conv, or 0 for none
     * @param dropout dropout probability before the classifier
     */
    public Head(int in, int width, int numClasses, Activation act, float dropout, Rng rng, Device device) {
        if (width < 0) throw new IllegalArgumentException("head width must be >= 0, got " + width);
        this.in = in;
        this.width = width;
        this.numClasses = numClasses;
        this.act = act;
        if (width > 0) {
            conv = registerModule("conv", new Conv2d(in, width, 1, 1, 0, 1, 1, false, rng, device));
            bn = registerModule("bn", new BatchNorm2d(width, device));
        } else {
            conv = null;
            bn = null;
        }
        this.dropout = registerModule("dropout", new Dropout(dropout, rng.split()));
        this.classifier = registerModule("classifier",
                new Linear(width > 0 ? width : in, numClasses, true, rng, device));
    }

    /** Channels entering the classifier. */
    public int features() {
        return width > 0 ? width : in;
    }

    public int numClasses() {
        return numClasses;
    }

    public Linear classifier() {
        return classifier;
    }

    /** The pooled features [N, features] before dropout and classifier. */
    public Tensor pooled(Tensor x) {
        Tensor h = x;
        if (conv != null) h = bn.forward(conv.forward(h), act);
        return Pooling.globalAvgPool(h).flatten(1);
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.forward(dropout.forward(pooled(x)));
    }

    @Override
    protected String describe() {
        return "Head(" + in + (width > 0 ? " -> " + width + ", " + act.token() : "") + ", " + numClasses
                + " classes, dropout "
                + dropout.p() + ")";
    }
}
