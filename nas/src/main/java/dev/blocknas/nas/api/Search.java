package dev.blocknas.nas.api;

import dev.blocknas.nas.run.DistillOptions;
import dev.blocknas.nas.run.FamilyOptions;
import dev.blocknas.nas.run.RunConsole;
import dev.blocknas.nas.run.SearchConfig;
import dev.blocknas.nas.run.SearchMethod;
import dev.blocknas.nas.run.SearchMethods;
import dev.blocknas.nas.run.SearchResult;
import dev.blocknas.nas.run.SearchRun;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.OptionalDouble;

/**
 * A neural architecture search, set up step by step and run as {@code blocknas search} would run it: every
 * setting not given takes the command line's default, and the run folder holds the same files.
 *
 * <pre>{@code
 * SearchOutcome found = Search.builder().space("mnist").data("fashion").maxParams(50_000).run();
 * }</pre>
 *
 * <p>Settings are checked before anything is written, so a bad one fails in seconds and leaves no run folder.
 * Failures are {@link BlocknasException}s; their sentences name settings as the command line's options
 * ({@code --max-params} for {@link #maxParams}).
 */
public final class Search {
    private String space = "mnist";
    private String data = "fashion";
    private String method = "dna";
    private String device = "auto";
    private Long maxParams;
    private Long maxFlops;
    private Integer epochs;
    private int batch = 64;
    private Double lr;
    private Path teacher;
    private int teacherEpochs = 2;
    private int retrainEpochs = 5;
    private int limitTrain;
    private long seed = 42;
    private Path out;
    private boolean resume;
    private boolean overwrite;
    private SearchListener listener;

    private Search() {}

    /** A search with the command line's defaults: method dna on the mnist space and the embedded Fashion-MNIST images. */
    public static Search builder() {
        return new Search();
    }

    /** The search space: a preset ({@code mnist}, {@code mnist-wide}, {@code cifar}, {@code dna}) or a JSON file's path (default mnist). */
    public Search space(String nameOrFile) {
        this.space = nameOrFile;
        return this;
    }

    /** The search space read from a JSON file. */
    public Search space(Path json) {
        return space(json.toString());
    }

    /**
     * The data set: {@code mnist} (embedded), {@code fashion}, {@code idx:DIR}, {@code mnist32}, {@code cifar10:DIR},
     * {@code cifar100:DIR}, {@code folder:DIR} or {@code synthetic} (default fashion, where the choice of
     * architecture shows in the accuracy; on MNIST nearly every network scores about 98.5%).
     */
    public Search data(String data) {
        this.data = data;
        return this;
    }

    /** The method: {@code dna}, {@code dbnas}, {@code dna+}, {@code dna++}, {@code bsnas} or {@code evolve} (default dna). */
    public Search method(String method) {
        this.method = method;
        return this;
    }

    /** Where to compute: {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto}, a GPU when usable (default auto). */
    public Search device(String device) {
        this.device = device;
        return this;
    }

    /** At most this many parameters in the chosen network (default: no limit). */
    public Search maxParams(long max) {
        this.maxParams = max;
        return this;
    }

    /** At most this many multiply-adds in the chosen network (default: no limit). */
    public Search maxFlops(long max) {
        this.maxFlops = max;
        return this;
    }

    /** Supernet epochs per block (default: the method's, 3 for dna and dna+, 2 for the others). */
    public Search epochs(int epochs) {
        this.epochs = epochs;
        return this;
    }

    /** Supernet batch size (default 64). */
    public Search batch(int batch) {
        this.batch = batch;
        return this;
    }

    /** Supernet learning rate (default 0.005 for dna and dna+, which use Adam; 0.05 for the others, SGD). */
    public Search lr(double lr) {
        this.lr = lr;
        return this;
    }

    /** Weights of a trained teacher network for dna (default: train one first). */
    public Search teacher(Path weights) {
        this.teacher = weights;
        return this;
    }

    /** Epochs to train the teacher when none is given (default 2). */
    public Search teacherEpochs(int epochs) {
        this.teacherEpochs = epochs;
        return this;
    }

    /** Epochs to retrain the chosen network from scratch; 0 skips retraining and weights (default 5). */
    public Search retrainEpochs(int epochs) {
        this.retrainEpochs = epochs;
        return this;
    }

    /** Use at most this many training images; 0 uses all (default 0). */
    public Search limitTrain(int images) {
        this.limitTrain = images;
        return this;
    }

    /** Seed of everything random (default 42): the same settings on the CPU find the same network. */
    public Search seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The run folder (default {@code runs/<yyyyMMdd-HHmmss>}). */
    public Search out(Path folder) {
        this.out = folder;
        return this;
    }

    /** Continue the interrupted run in {@link #out} where it stopped, with its own settings. */
    public Search resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    /** Start again in an {@link #out} folder that holds a run, deleting what it holds. */
    public Search overwrite(boolean overwrite) {
        this.overwrite = overwrite;
        return this;
    }

    /** Receives the progress lines the command line would print (default: none, the run's log.txt still gets them). */
    public Search listener(SearchListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Runs the search (minutes to hours, by the settings) and returns what it found.
     *
     * @throws BlocknasException with one sentence for a bad setting, unreadable data, a missing GPU or too little memory
     */
    public SearchOutcome run() {
        try {
            return search();
        } catch (RuntimeException e) {
            throw Failures.wrap(e);
        } catch (OutOfMemoryError e) {
            throw Failures.outOfMemory(e);
        }
    }

    private SearchOutcome search() {
        if (resume && overwrite) throw new BlocknasException("resume and overwrite exclude each other: choose one.");
        if (resume && (out == null || !Files.isDirectory(out))) {
            throw new BlocknasException("resume needs out naming the folder of the run to continue.");
        }
        if (space == null || data == null || method == null || device == null) {
            throw new BlocknasException("space, data, method and device must not be null.");
        }
        SearchMethod chosen = SearchMethods.get(method);
        int supernetEpochs = epochs != null ? epochs : chosen.defaultEpochs();
        if (supernetEpochs < 1 || batch < 2 || retrainEpochs < 0 || teacherEpochs < 1) {
            throw new BlocknasException(
                    "epochs and teacherEpochs must be at least 1, batch at least 2 and retrainEpochs at least 0.");
        }
        if (limitTrain < 0)
            throw new BlocknasException(
                    "limitTrain must be at least 0 (0 uses every training image), got " + limitTrain + ".");
        Device d = Device.parse(device);
        Backends.get(d);
        Path folder = out != null
                ? out
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        double rate = lr != null ? lr : chosen.defaultLearningRate();
        // held-out fraction 0.1, 500 rating images, no latency table, top 5: the command line's defaults
        SearchConfig cfg = new SearchConfig(space, data, method, d, seed, supernetEpochs, batch, rate, teacher,
                teacherEpochs, 0.1, 500,
                false, Budget.of(maxParams, maxFlops, null), 5, retrainEpochs, limitTrain, FamilyOptions.DEFAULT,
                DistillOptions.DEFAULT);
        SearchResult r;
        if (listener == null) {
            try (RunConsole console = RunConsole.silent()) {
                r = new SearchRun(cfg, folder, console).run(resume, overwrite);
            }
        } else {
            try (PrintStream lines = new PrintStream(new ListenerStream(listener), true, StandardCharsets.UTF_8);
                    RunConsole console = RunConsole.lines(lines)) {
                r = new SearchRun(cfg, folder, console).run(resume, overwrite);
            }
        }
        return new SearchOutcome(r.architecture(), r.rating(), r.params(), r.flops(),
                r.testAccuracy() == null ? OptionalDouble.empty() : OptionalDouble.of(r.testAccuracy()), folder,
                r.testAccuracy() == null ? null : folder.resolve("weights.safetensors"), folder.resolve("result.json"));
    }
}
