package dev.blocknas.nas.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * What a search that stops early says on its way out, in its run folder's log.txt as well as on stderr, so
 * that the log tells how the run ended: interrupted (Ctrl-C, SIGTERM) and how to continue, or failed and why.
 */
final class ExitNote {
    private ExitNote() {}

    /** The interruption: on stderr, and in the log when the run {@code owns} its folder and has one. */
    static void interrupted(Path folder, boolean owns) {
        String line = "interrupted: continue with ./blocknas search --resume --out " + folder
                + " and the same settings.";
        System.err.println("blocknas: " + line);
        if (owns) log(folder, line);
    }

    /** A failure's sentence, which {@link UserErrors} prints on stderr, in the log of a run that owns its folder. */
    static void failed(Path folder, Throwable e) {
        String why = e instanceof OutOfMemoryError || e.getCause() instanceof OutOfMemoryError
                ? UserErrors.outOfMemory()
                : UserErrors.isUserError(e) ? UserErrors.message(e) : "internal error: " + e;
        log(folder, "failed: " + why);
    }

    private static void log(Path folder, String line) {
        Path log = folder.resolve("log.txt");
        if (!Files.exists(log)) return;
        try {
            Files.writeString(log,
                    "[" + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + line + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // stderr has it; the log is a convenience
        }
    }
}
