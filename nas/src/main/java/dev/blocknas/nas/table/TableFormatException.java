package dev.blocknas.nas.table;

/** A ground-truth table file that cannot be read; the message is one sentence. */
public final class TableFormatException extends RuntimeException {
    public TableFormatException(String message) {
        super(message);
    }
}
