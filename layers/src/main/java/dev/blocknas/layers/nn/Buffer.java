package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.Tensor;

/**
 * A persisted, non-trainable tensor owned by a {@link Module} and saved with its weights (batch-norm running
 * statistics). Like {@link Parameter}, the holder stays while {@link Module#to} may replace the tensor.
 */
public final class Buffer implements AutoCloseable {
    private Tensor data;
    private boolean closed;

    /** Takes ownership of {@code value} (it is persisted). */
    public Buffer(Tensor value) {
        this.data = value.persist();
    }

    /** The current tensor (do not close it). */
    public Tensor tensor() {
        if (closed)
            throw new IllegalStateException(
                    "a buffer of shape " + data.shape() + " was used after its module was closed");
        return data;
    }

    public Shape shape() {
        return data.shape();
    }

    public Device device() {
        return tensor().device();
    }

    void moveTo(Device device) {
        Tensor old = tensor();
        if (old.device().equals(device)) return;
        Tensor moved = Tensor.of(device, old.toArray(), old.shape().toArray()).persist();
        old.close();
        data = moved;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        data.close();
    }

    @Override
    public String toString() {
        return "Buffer" + data.shape();
    }
}
