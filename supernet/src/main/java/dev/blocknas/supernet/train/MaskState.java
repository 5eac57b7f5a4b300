package dev.blocknas.supernet.train;

import dev.blocknas.layers.nn.Buffer;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Tensor;

/**
 * An {@link OpMask} as a one-buffer module, so that a checkpoint saves it in the same folder swap as the
 * weights: a resumed run continues with exactly the operations that were still on, and their history.
 */
final class MaskState extends Module {
    private final OpMask mask;
    private final Buffer state;

    MaskState(OpMask mask) {
        this.mask = mask;
        float[] s = mask.state();
        this.state = registerBuffer("state", Tensor.of(Device.CPU, s, s.length));
    }

    /** Copies the mask into the buffer (before a save). */
    void capture() {
        state.tensor().copyFrom(mask.state());
    }

    /** Copies the buffer into the mask (after a load). */
    void apply() {
        mask.restore(state.tensor().toArray());
    }

    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("a mask state only travels in checkpoints");
    }
}
