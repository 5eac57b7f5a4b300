package dev.blocknas.nas.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What an interrupted search (Ctrl-C, SIGTERM) says on its way out: how to continue it, on stderr and in log.txt. */
final class InterruptNote {
    private InterruptNote() {}

    static void write(Path folder) {
        String line = "interrupted: continue with ./blocknas search --resume --out " + folder + " and the same settings.";
        System.err.println("blocknas: " + line);
        Path log = folder.resolve("log.txt");
        if (!Files.exists(log)) return;
        try {
            Files.writeString(log, "[" + LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] " + line + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // stderr already has it; the log is a convenience
        }
    }
}
