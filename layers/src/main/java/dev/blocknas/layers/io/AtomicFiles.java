package dev.blocknas.layers.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Output files that are never half-written: content goes to a temporary file beside the target, which then
 * replaces the target by a rename (atomic where the file system allows). A reader sees the old file or the
 * new one, and an interrupted write leaves at most the temporary file behind.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** The temporary file a write of {@code target} goes through (same folder, so the rename stays atomic). */
    public static Path temporaryFor(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** Writes {@code content} to {@code file} atomically. */
    public static void write(Path file, byte[] content) {
        Path tmp = temporaryFor(file);
        try {
            Files.write(tmp, content);
            commit(tmp, file);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code text} (UTF-8) to {@code file} atomically. */
    public static void writeString(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Moves a fully written temporary file over {@code target}. */
    public static void commit(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target.toAbsolutePath(), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes a temporary file after a failed write (the write's error is the one worth reporting). */
    public static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // nothing better to do
        }
    }
}
