package dev.blocknas.nas.run;

import dev.blocknas.layers.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.cost.LatencyTable;
import dev.blocknas.nas.rate.RatingSettings;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.NetworkTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.OptimizerSpec;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.supernet.train.TrainListener;
import dev.blocknas.tensor.Rng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every search method gets from the run: settings, data, the folder, the console, and shared steps. */
public final class RunContext {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchConfig cfg;
    private final SearchSpace space;
    private final Task task;
    private final Path folder;
    private final RunConsole console;
    private final boolean resume;
    private final List<Phase> phases = new ArrayList<>();
    /** Seconds of the phases that earlier, interrupted attempts at this run completed (phases.json). */
    private final java.util.Map<String, Double> earlier = new java.util.HashMap<>();
    private long mark = System.nanoTime();
    private CostModel costs;

    RunContext(SearchConfig cfg, SearchSpace space, Task task, Path folder, RunConsole console, boolean resume) {
        this.cfg = cfg;
        this.space = space;
        this.task = task;
        this.folder = folder;
        this.console = console;
        this.resume = resume;
        Path saved = folder.resolve(PHASES);
        if (resume && java.nio.file.Files.exists(saved)) {
            try {
                for (Phase p : JSON.readValue(saved.toFile(), Phase[].class))
                    earlier.merge(p.name(), p.seconds(), Double::sum);
            } catch (IOException e) {
                // only the timing of earlier attempts is lost
            }
        }
    }

    /** The file that keeps the phases' times across interruptions. */
    static final String PHASES = "phases.json";
    /** The batch of {@link #trainNetwork}: teachers and retrained networks. */
    static final int TRAIN_BATCH = 64;

    public SearchConfig config() { return cfg; }
    public SearchSpace space() { return space; }
    public Task task() { return task; }
    public Path folder() { return folder; }
    public RunConsole console() { return console; }
    /** True when the run continues an interrupted one in the same folder. */
    public boolean resume() { return resume; }

    /**
     * Ends the current phase: records the wall time since the previous phase ended under {@code name}, plus what
     * earlier attempts at a resumed run spent in that phase, and keeps the list in phases.json.
     */
    public void phase(String name) {
        long now = System.nanoTime();
        Double before = earlier.remove(name);
        phases.add(new Phase(name, (now - mark) / 1e9 + (before == null ? 0 : before)));
        mark = now;
        writeJson(PHASES, phases);
    }

    List<Phase> phases() {
        return List.copyOf(phases);
    }

    /** The exact cost model of the space, with a latency table measured on the device when asked for. */
    public CostModel costs() {
        if (costs == null) {
            LatencyTable latency = null;
            if (cfg.measureLatency()) {
                Path file = folder.resolve("latency.json");
                if (resume && Files.exists(file)) {
                    latency = LatencyTable.load(file, space);
                } else {
                    console.line("latency: timing every operation at its input shape on " + cfg.device());
                    latency = LatencyTable.measure(space, cfg.device(), cfg.batchSize());
                    latency.save(file);
                }
                phase("latency");
            }
            costs = new CostModel(space, latency);
        }
        return costs;
    }

    /** Images of the batch that recalibrates batch norm before a candidate is rated. */
    static int calibrationBatch(SearchConfig cfg) {
        return Math.max(cfg.batchSize(), 128);
    }

    /** How candidates are rated on held-out data. */
    public RatingSettings ratingSettings() {
        return new RatingSettings(250, calibrationBatch(cfg), cfg.ratingImages(), cfg.seed(), cfg.device());
    }

    /** Supernet training settings from the command line, with the method's optimizer and schedule. */
    public TrainConfig supernetConfig(OptimizerSpec optimizer) {
        return new TrainConfig(cfg.epochs(), cfg.batchSize(), optimizer, cfg.lr(), null, cfg.seed(), cfg.device());
    }

    /** A listener that moves a progress bar of {@code total} steps, showing the loss. */
    public <T> T withProgress(String task, long total, java.util.function.Function<TrainListener, T> work) {
        try (RunConsole.Progress bar = console.progress(task, total, "steps")) {
            return work.apply((what, epoch, step, steps, loss) -> bar.step(what + String.format(" loss %.4f", loss)));
        }
    }

    /**
     * Trains a network of {@code arch} from scratch on the task's training images (SGD, cosine, label smoothing)
     * with a progress bar, and reports its test accuracy.
     */
    public Network trainNetwork(Architecture arch, int epochs, String what, long seed) {
        Network net = NetworkBuilder.build(arch, space.inChannels(), space.numClasses(), new Rng(seed), cfg.device());
        NetworkTrainer.Settings s = NetworkTrainer.Settings.standard(epochs, TRAIN_BATCH, 0.1, seed, cfg.device());
        long steps = (long) (task.train().size() / TRAIN_BATCH) * epochs;
        withProgress(what, steps, listener -> NetworkTrainer.train(net, task, s, what, listener));
        return net;
    }

    /** Test accuracy of a trained network. */
    public Evaluation test(Network net) {
        return NetworkTrainer.evaluate(net, task, task.test(), 250, cfg.device());
    }

    /** Writes a file of the run folder through a temporary file and a rename (never half-written). */
    public void writeText(String name, String text) {
        writeText(folder.resolve(name), text);
    }

    /** Writes a JSON file of the run folder. */
    public void writeJson(String name, Object value) {
        writeJson(folder.resolve(name), value);
    }

    static void writeText(Path file, String text) {
        AtomicFiles.writeString(file, text);
    }

    static void writeJson(Path file, Object value) {
        try {
            writeText(file, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + file.getFileName() + " as JSON", e);
        }
    }

    /** Saves a network's weights into the run folder. */
    public void save(Network net, String name) {
        try {
            net.save(folder.resolve(name), Networks.inputOf(task, space.numClasses()).toMetadata());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save " + name + ": " + e.getMessage(), e);
        }
    }
}
