package dev.blocknas.supernet.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.optim.Optimizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The last completed epoch of a block-wise training run, on disk: weights of every module, every optimizer's
 * state and the trainer's position and loss curves. A checkpoint is written into a fresh folder that then
 * replaces the previous one by renames, so an interruption at any moment leaves a complete checkpoint.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String STATE = "state.json";

    /**
     * Where training stands.
     *
     * @param method     the trainer ("dna", "dbnas", ...)
     * @param phase      the phase in progress (DBNAS: the block being trained; DNA: 0)
     * @param epochsDone epochs completed in that phase
     * @param points     the loss curve points so far
     * @param means      the epoch means so far
     */
    public record State(String method, int phase, int epochsDone, List<LossLog.Point> points,
                        List<LossLog.EpochMean> means) {
        /** Puts the saved loss curves back into {@code log}, so a resumed run continues them. */
        public void restore(LossLog log) {
            points.forEach(log::add);
            means.forEach(log::add);
        }
    }

    private Checkpoint() {}

    /** Saves a checkpoint into {@code dir} (replacing the previous one). */
    public static void save(Path dir, State state, Map<String, Module> modules, Map<String, Optimizer> optimizers) {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            for (Map.Entry<String, Module> e : modules.entrySet())
                e.getValue().save(tmp.resolve(e.getKey() + ".safetensors"));
            for (Map.Entry<String, Optimizer> e : optimizers.entrySet())
                e.getValue().save(tmp.resolve("optimizer-" + e.getKey() + ".safetensors"));
            JSON.writeValue(tmp.resolve(STATE).toFile(), state);
            deleteTree(old);
            if (Files.exists(dir)) Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the checkpoint in {@code dir} (or the previous one if an interruption hit between the two renames)
     * into the given modules and optimizers; empty when there is none.
     */
    public static Optional<State> load(Path dir, Map<String, Module> modules, Map<String, Optimizer> optimizers) {
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        Path from = Files.exists(dir.resolve(STATE)) ? dir : Files.exists(old.resolve(STATE)) ? old : null;
        if (from == null) return Optional.empty();
        try {
            State s = JSON.readValue(from.resolve(STATE).toFile(), State.class);
            for (Map.Entry<String, Module> e : modules.entrySet())
                e.getValue().load(from.resolve(e.getKey() + ".safetensors"));
            for (Map.Entry<String, Optimizer> e : optimizers.entrySet()) {
                e.getValue().load(from.resolve("optimizer-" + e.getKey() + ".safetensors"));
            }
            return Optional.of(s);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the checkpoint " + from + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code dir} (or its fallback) holds a checkpoint. */
    public static boolean exists(Path dir) {
        return Files.exists(dir.resolve(STATE))
                || Files.exists(dir.resolveSibling(dir.getFileName() + ".old").resolve(STATE));
    }

    /** Reads only the position of the checkpoint in {@code dir}. */
    public static Optional<State> peek(Path dir) {
        Path old = dir.resolveSibling(dir.getFileName() + ".old");
        Path from = Files.exists(dir.resolve(STATE)) ? dir : Files.exists(old.resolve(STATE)) ? old : null;
        if (from == null) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(from.resolve(STATE).toFile(), State.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the checkpoint " + from + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
