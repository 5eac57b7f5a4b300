package dev.blocknas.nas.select;

/** A ratings file that cannot be used; the message is one sentence naming the file and line. */
public final class RatingsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RatingsFormatException(String message) {
        super(message);
    }

    public RatingsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
