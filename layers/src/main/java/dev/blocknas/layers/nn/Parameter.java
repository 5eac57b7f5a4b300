package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;

/**
 * A trainable tensor owned by a {@link Module}: a persisted leaf that requires a gradient.
 *
 * <p>The holder stays the same for the module's life while the tensor inside may be replaced
 * ({@link Module#to} moves it to another device), so optimizers keep {@code Parameter}s, never the
 * tensors themselves. {@link #decay()} is false for batch-norm weights and biases and for every bias:
 * optimizers apply no weight decay there.
 */
public final class Parameter implements AutoCloseable {
    private Tensor data;
    private final boolean decay;
    private boolean closed;

    /**
     * Takes ownership of {@code value}: it is persisted (taken out of every scope) and marked as requiring a
     * gradient. {@code value} must be a leaf.
     */
    public Parameter(Tensor value, boolean decay) {
        this.data = value.persist().requiresGrad(true);
        this.decay = decay;
    }

    /** The current tensor (use it in forward passes; do not close it). */
    public Tensor tensor() {
        if (closed)
            throw new IllegalStateException(
                    "a parameter of shape " + data.shape() + " was used after its module was closed");
        return data;
    }

    /** The accumulated gradient, or null when backward has not reached this parameter since the last zeroGrad. */
    public Tensor grad() {
        return tensor().grad();
    }

    /** Whether optimizers apply weight decay to this parameter. */
    public boolean decay() {
        return decay;
    }

    public Shape shape() {
        return data.shape();
    }

    public int numel() {
        return data.numel();
    }

    public Device device() {
        return tensor().device();
    }

    public boolean requiresGrad() {
        return tensor().requiresGrad();
    }

    /** Freezes (false) or unfreezes (true) this parameter; a frozen one gets no gradient and is not updated. */
    public void requiresGrad(boolean value) {
        tensor().requiresGrad(value);
        if (!value) data.zeroGrad();
    }

    /** Frees the gradient. */
    public void zeroGrad() {
        tensor().zeroGrad();
    }

    /** Moves the values to {@code device} (the gradient is dropped). */
    void moveTo(Device device) {
        Tensor old = tensor();
        if (old.device().equals(device)) return;
        boolean rg = old.requiresGrad();
        Tensor moved = Tensor.of(device, old.toArray(), old.shape().toArray()).persist().requiresGrad(rg);
        old.close();
        data = moved;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Frees the tensor and its gradient. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        data.close();
    }

    @Override
    public String toString() {
        return "Parameter" + data.shape() + (decay ? "" : " (no decay)");
    }
}
