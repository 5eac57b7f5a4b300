package dev.blocknas.tensor;

/** A user-facing shape error: the message is one sentence naming the operation and the shapes involved. */
public class ShapeException extends IllegalArgumentException {
    public ShapeException(String message) {
        super(message);
    }
}
