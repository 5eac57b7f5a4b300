package dev.blocknas.nas.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An output folder checked before any work: created if needed and written to once, so training never ends unsaved. */
final class OutputFolder {
    private OutputFolder() {}

    /**
     * Makes {@code dir} (and its parents) and proves it writable.
     *
     * @return whether this call created it, so that an early failure can remove it again
     * @throws IllegalArgumentException with one sentence when it cannot be made or written
     */
    static boolean prepare(Path dir, String option) {
        boolean existed = Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-test", "");
            Files.delete(probe);
            return !existed;
        } catch (IOException | SecurityException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                    ? f.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2");
            throw new IllegalArgumentException("Cannot write to " + option + " " + dir + " (" + why.toLowerCase()
                    + "): choose a writable folder.");
        }
    }

    /** Removes {@code dir} if it is empty (what a failed command made and left). */
    static void removeIfEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            if (s.findAny().isEmpty()) Files.delete(dir);
        } catch (IOException e) {
            // nothing to clean, or not ours to clean
        }
    }
}
