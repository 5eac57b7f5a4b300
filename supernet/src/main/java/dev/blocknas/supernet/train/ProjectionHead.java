package dev.blocknas.supernet.train;

import dev.blocknas.layers.nn.BatchNorm2d;
import dev.blocknas.layers.nn.Linear;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Pooling;

/**
 * The MLP of self-supervised learning (BYOL's and BossNAS's projector and predictor): {@code fc1} (no bias),
 * {@code bn}, ReLU, {@code fc2} (with bias). Feature maps [N, C, H, W] are pooled globally first; vectors
 * [N, C] pass as they are.
 */
public final class ProjectionHead extends Module {
    private final int hidden;
    private final Linear fc1;
    private final BatchNorm2d bn;
    private final Linear fc2;

    public ProjectionHead(int in, int hidden, int out, Rng rng, Device device) {
        this.hidden = hidden;
        fc1 = registerModule("fc1", new Linear(in, hidden, false, rng, device));
        // Batch norm over [N, hidden, 1, 1] is the 1-d batch norm of the papers' MLPs.
        bn = registerModule("bn", new BatchNorm2d(hidden, device));
        fc2 = registerModule("fc2", new Linear(hidden, out, true, rng, device));
    }

    /** Output width. */
    public int outFeatures() {
        return fc2.outFeatures();
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor v = x.rank() == 4 ? Pooling.globalAvgPool(x).flatten(1) : x;
        Tensor h = bn.forward(fc1.forward(v).reshape(v.dim(0), hidden, 1, 1)).reshape(v.dim(0), hidden);
        return fc2.forward(h.relu());
    }

    @Override
    protected String describe() {
        return "ProjectionHead(" + fc1.inFeatures() + " -> " + hidden + " -> " + fc2.outFeatures() + ")";
    }
}
