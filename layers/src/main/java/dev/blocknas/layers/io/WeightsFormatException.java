package dev.blocknas.layers.io;

import java.io.IOException;

/** A weight file that is not valid safetensors (truncated, corrupt header, bad offsets). One sentence. */
public class WeightsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public WeightsFormatException(String message) {
        super(message);
    }
}
