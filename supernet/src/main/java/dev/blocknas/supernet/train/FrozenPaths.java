package dev.blocknas.supernet.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blocknas.supernet.space.BlockPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The paths the earlier blocks ran while a progressive trainer trained the later ones, kept beside its
 * checkpoint (a {@link Checkpoint} folder is replaced whole, so the file lives next to it).
 */
final class FrozenPaths {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FrozenPaths() {}

    /** The file beside checkpoint folder {@code dir}. */
    static Path file(Path dir) {
        return dir.resolveSibling(dir.getFileName() + "-paths.json");
    }

    /** Writes the paths through a temporary file and a rename. */
    static void write(Path file, List<BlockPath> paths) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), paths);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The paths in {@code file}, or none when it does not exist. */
    static List<BlockPath> read(Path file) {
        if (!Files.exists(file)) return List.of();
        try {
            return List.copyOf(JSON.readValue(file.toFile(), new TypeReference<List<BlockPath>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }
}
