package dev.blocknas.nas.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The files a command reads from a finished search's run folder. */
final class FinishedRun {
    private FinishedRun() {}

    /** @throws IllegalArgumentException naming the first of {@code files} that {@code run} lacks */
    static void require(Path run, String... files) {
        for (String f : files) {
            if (!Files.exists(run.resolve(f)))
                throw new IllegalArgumentException(run + " is not a finished search run: " + f + " is missing.");
        }
    }
}
