package dev.blocknas.layers.data;

/**
 * A data file is missing, unreadable or not in the expected format. The message is one sentence
 * that names the file and says what is wrong with it.
 */
public class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a complete, user-facing message. */
    public DataFormatException(String message) {
        super(message);
    }

    /** Creates an exception with a complete, user-facing message and the low-level cause. */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The cause's message as a clause for embedding in a sentence: never null, no final period. */
    static String reason(Throwable cause) {
        String m = cause.getMessage();
        if (m == null || m.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        m = m.strip();
        return m.endsWith(".") || m.endsWith("!") ? m.substring(0, m.length() - 1) : m;
    }
}
