package dev.blocknas.nas.api;

import dev.blocknas.tensor.DeviceUnavailableException;

import java.io.UncheckedIOException;

/**
 * Turns what the engine throws into a {@link BlocknasException} of one sentence: a user's mistake (a bad
 * setting or file, no GPU, no memory left on it) keeps its message; anything else is a bug and says so.
 */
final class Failures {
    private Failures() {}

    static BlocknasException wrap(RuntimeException e) {
        if (e instanceof BlocknasException b) return b;
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0].trim();
        if (!isUserError(e)) m = "Internal error (please report it): " + m;
        return new BlocknasException(m.endsWith(".") ? m : m + ".", e);
    }

    static BlocknasException outOfMemory(OutOfMemoryError e) {
        return new BlocknasException(String.format(
                "Out of memory: the Java heap (%,d MB) is too small for this network, batch "
                        + "or data set; use a smaller one, or give Java more memory (-Xmx8g, for example).",
                Runtime.getRuntime().maxMemory() >> 20), e);
    }

    private static boolean isUserError(RuntimeException e) {
        String name = e.getClass().getSimpleName();
        return e instanceof IllegalArgumentException || e instanceof DeviceUnavailableException
                || e instanceof UncheckedIOException
                || name.endsWith("FormatException") || name.equals("DeviceOutOfMemoryException");
    }
}
