package dev.blocknas.layers.nn;

/** Weights that do not fit a network: a missing or unexpected name, or a shape that differs. One sentence. */
public class StateDictMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public StateDictMismatchException(String message) {
        super(message);
    }
}
