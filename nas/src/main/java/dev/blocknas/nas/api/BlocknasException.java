package dev.blocknas.nas.api;

import java.io.Serial;

/**
 * Everything that can go wrong through the public API, as one unchecked exception whose message is one
 * sentence meant for the person running the program (a missing or corrupt weight file, an image of the wrong
 * size, a network used after {@code close()}, no GPU where one was asked for).
 */
public final class BlocknasException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public BlocknasException(String message) {
        super(message);
    }

    public BlocknasException(String message, Throwable cause) {
        super(message, cause);
    }
}
