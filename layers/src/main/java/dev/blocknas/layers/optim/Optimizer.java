package dev.blocknas.layers.optim;

import dev.blocknas.layers.io.Safetensors;
import dev.blocknas.layers.io.TensorFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Updates parameters in place from their gradients (the backend's optimizer primitives, not recorded).
 *
 * <p>State (momentum buffers, moment estimates, step counts, the learning rate) can be saved and restored
 * so that training resumes bit-identically. An optimizer owns its state tensors and frees them on close.
 */
public interface Optimizer extends AutoCloseable {

    /** Updates every parameter that requires a gradient and has one; the others are skipped (their state too). */
    void step();

    /** Frees the gradients of the optimised parameters. */
    void zeroGrad();

    /** The learning rate used by the next {@link #step()}. */
    double lr();

    /** Sets the learning rate (a schedule calls this before each step). */
    void setLr(double lr);

    /** A copy of the state: tensors named {@code <parameter>.<slot>}, and scalars (type, lr, step counts). */
    OptimizerState stateDict();

    /**
     * Restores a state taken by {@link #stateDict()} (values are copied): the optimizer type and the parameter
     * names and shapes must match.
     *
     * @throws IllegalArgumentException with one sentence when the state belongs to something else
     */
    void loadStateDict(OptimizerState state);

    /** Writes the state to a safetensors file (scalars as metadata), atomically. */
    default void save(Path path) throws IOException {
        try (OptimizerState s = stateDict()) {
            Safetensors.write(path, s.tensors(), s.scalars());
        }
    }

    /** Restores the state from a file written by {@link #save}. */
    default void load(Path path) throws IOException {
        try (TensorFile f = Safetensors.read(path)) {
            loadStateDict(new OptimizerState(f.tensors(), f.metadata()));
        }
    }

    /** Frees the state tensors. */
    @Override
    void close();
}
