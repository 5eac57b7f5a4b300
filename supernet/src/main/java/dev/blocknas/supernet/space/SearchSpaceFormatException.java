package dev.blocknas.supernet.space;

/** A search space that cannot be used; the message is one sentence saying what is wrong. */
public class SearchSpaceFormatException extends RuntimeException {
    public SearchSpaceFormatException(String message) {
        super(message);
    }

    public SearchSpaceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
