package dev.blocknas.nas.cli;

import dev.blocknas.tensor.DeviceUnavailableException;
import picocli.CommandLine;

import java.io.UncheckedIOException;

/**
 * Turns exceptions into exit codes: a user's mistake (bad input, no GPU, out of memory) prints its one
 * sentence and exits 2; anything else is a bug and keeps its stack trace (exit 1).
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e.getCause() instanceof OutOfMemoryError) {
            cl.getErr().println("blocknas: " + outOfMemory());
            return 2;
        }
        if (isUserError(e)) {
            cl.getErr().println("blocknas: " + message(e));
            return 2;
        }
        cl.getErr().println("blocknas: internal error (please report it):");
        e.printStackTrace(cl.getErr());
        return 1;
    }

    /** A mistyped or missing option: one sentence and where to look, not the whole usage. */
    static int badOption(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        String name = cl.getCommandSpec().qualifiedName();
        cl.getErr().println("blocknas: " + message(e) + " (see " + name + " --help)");
        return 2;
    }

    /** The sentence for a Java heap that ran out. */
    static String outOfMemory() {
        return String.format(
                "out of memory: the Java heap (%,d MB) is too small for this network, batch or file; use a smaller one, "
                        + "or raise the heap with BLOCKNAS_JAVA_OPTS=-Xmx8g (for example).",
                Runtime.getRuntime().maxMemory() >> 20);
    }

    static boolean isUserError(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof DeviceUnavailableException
                || e instanceof UncheckedIOException || e.getClass().getSimpleName().endsWith("FormatException")
                || e.getClass().getSimpleName().equals("DeviceOutOfMemoryException");
    }

    static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0].trim();
        return m.endsWith(".") || m.endsWith("?") || m.endsWith(")") ? m : m + ".";
    }
}
