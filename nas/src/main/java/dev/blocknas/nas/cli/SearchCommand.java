package dev.blocknas.nas.cli;

import dev.blocknas.nas.run.DataSources;
import dev.blocknas.nas.run.DistillOptions;
import dev.blocknas.nas.run.FamilyOptions;
import dev.blocknas.nas.run.RunConsole;
import dev.blocknas.nas.run.SearchConfig;
import dev.blocknas.nas.run.SearchMethod;
import dev.blocknas.nas.run.SearchMethods;
import dev.blocknas.nas.run.SearchResult;
import dev.blocknas.nas.run.SearchRun;
import dev.blocknas.supernet.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/** {@code blocknas search}: the main job. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Train the supernet block by block, rate every candidate of every block, select the best network",
                "under the budget exactly, and retrain it. Defaults: the mnist space on the embedded Fashion-MNIST images."})
final class SearchCommand implements Callable<Integer> {
    @Option(names = "--method", defaultValue = "dna", completionCandidates = MethodNames.class,
            description = "search method: ${COMPLETION-CANDIDATES}, each described below (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--space", defaultValue = "mnist",
            description = SearchSpaces.FORMS + " (default: ${DEFAULT-VALUE})")
    String space;

    @Option(names = "--data", defaultValue = "fashion",
            description = "data set: " + DataSources.FORMS + " (default: ${DEFAULT-VALUE})")
    String data;

    @Mixin
    DeviceOption device;

    @Option(names = "--epochs",
            description = "supernet epochs per block (default: the method's, 3 for dna and dna+, 2 for the others)")
    Integer epochs;

    @Option(names = "--batch", defaultValue = "64", description = "supernet batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr",
            description = "supernet learning rate (default: 0.005 for dna and dna+ (Adam), 0.05 for the others (SGD))")
    Double lr;

    @Option(names = "--teacher", description = "weights of a trained teacher network (dna); default: train one first")
    Path teacher;

    @Option(names = "--teacher-epochs", defaultValue = "2",
            description = "epochs to train the teacher when none is given (default: ${DEFAULT-VALUE})")
    int teacherEpochs;

    @Option(names = "--teacher-width", defaultValue = "1.5",
            description = "dna, dna+: width of the default teacher over the space's (default: ${DEFAULT-VALUE})")
    double teacherWidth;

    @Option(names = "--teacher-arch",
            description = "dna, dna+: architecture of the teacher to train (one stage per block of the space); default: every block at its deepest cell of the widest operation, at --teacher-width")
    String teacherArch;

    @Option(names = "--distill-widths", defaultValue = "adapt",
            description = "dna, dna+: adapt (candidates at the space's widths, a shared 1x1 adapter to the teacher's) or widen (each candidate's last layer at the teacher's width) (default: ${DEFAULT-VALUE})")
    String distillWidths;

    @Option(names = "--rating-loss", defaultValue = "task",
            description = "dna, dna+: task (cross-entropy of the teacher's rest of the network on the candidate's output; it sees depth, see docs/ranking.md), l1 (mean|S-T|/std T, as DNA) or mse (mean (S-T)^2/var T) (default: ${DEFAULT-VALUE})")
    String ratingLoss;

    @Option(names = "--path-sampling", defaultValue = "fair",
            description = "dna, dna+: fair (every operation trained equally often, group by group of steps; see docs/ranking.md) or uniform (each step drawn independently, as DNA) (default: ${DEFAULT-VALUE})")
    String pathSampling;

    @Option(names = "--recalibrate", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "recalibrate batch norm on one training batch before rating each candidate (default: ${DEFAULT-VALUE})")
    boolean recalibrate;

    @Option(names = "--held-out", defaultValue = "0.1",
            description = "fraction of the training images held out for rating (default: ${DEFAULT-VALUE})")
    double heldOut;

    @Option(names = "--rating-images", defaultValue = "500",
            description = "held-out images each candidate is rated on (default: ${DEFAULT-VALUE})")
    int ratingImages;

    @Option(names = "--latency", description = "measure every operation's latency on this device and report latencies")
    boolean latency;

    @Mixin
    BudgetOptions budget;

    @Option(names = "--retrain-epochs", defaultValue = "5",
            description = "epochs to retrain the chosen network; 0 skips (default: ${DEFAULT-VALUE})")
    int retrainEpochs;

    @Option(names = "--limit-train", defaultValue = "0", description = "use at most this many training images (0: all)")
    int limitTrain;

    @Option(names = "--generations", defaultValue = "3",
            description = "dna+: teacher generations; evolve, bsnas: GA generations (default: ${DEFAULT-VALUE})")
    int generations;

    @Option(names = "--scale", defaultValue = "1.25",
            description = "dna+: width multiplier from a generation's network to the next teacher (default: ${DEFAULT-VALUE})")
    double scale;

    @Option(names = "--population", defaultValue = "16",
            description = "evolve, bsnas: individuals per generation (default: ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--finetune-steps", defaultValue = "50",
            description = "evolve: supernet steps on the population's paths between generations (default: ${DEFAULT-VALUE})")
    int finetuneSteps;

    @Option(names = "--mutation", defaultValue = "0.2",
            description = "evolve, bsnas: mutation probability of a gene (default: ${DEFAULT-VALUE})")
    double mutation;

    @Option(names = "--tournament", defaultValue = "3",
            description = "evolve, bsnas: tournament size (default: ${DEFAULT-VALUE})")
    int tournament;

    @Option(names = "--shrink-every", defaultValue = "1",
            description = "bsnas: epochs between shrinking steps (default: ${DEFAULT-VALUE})")
    int shrinkEvery;

    @Option(names = "--shrink-fraction", defaultValue = "0.25",
            description = "bsnas: fraction of a layer's operations switched off per step (default: ${DEFAULT-VALUE})")
    double shrinkFraction;

    @Option(names = "--ema", defaultValue = "0.99",
            description = "dna++: starting momentum of the target network (default: ${DEFAULT-VALUE})")
    double ema;

    @Option(names = "--seed", defaultValue = "42",
            description = "seed of everything random (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", description = "run folder (default: runs/<time-stamp>)")
    Path out;

    @Option(names = "--resume", description = "continue the interrupted run in --out where it stopped")
    boolean resume;

    @Option(names = "--overwrite",
            description = "start again in an --out folder that holds a run, deleting what it holds")
    boolean overwrite;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors (the run folder still gets its log)")
    boolean quiet;

    @Override
    public Integer call() {
        if (resume && overwrite)
            throw new IllegalArgumentException("--resume and --overwrite exclude each other: choose one.");
        if (resume && (out == null || !Files.isDirectory(out))) {
            throw new IllegalArgumentException("--resume needs --out naming the folder of the run to continue.");
        }
        SearchMethod m = SearchMethods.get(method);
        int supernetEpochs = epochs != null ? epochs : m.defaultEpochs();
        if (supernetEpochs < 1 || batch < 2 || retrainEpochs < 0 || teacherEpochs < 1 || ratingImages < 1) {
            throw new IllegalArgumentException(
                    "--epochs, --teacher-epochs and --rating-images must be at least 1, --batch at least 2 and --retrain-epochs at least 0.");
        }
        if (limitTrain < 0)
            throw new IllegalArgumentException(
                    "--limit-train must be at least 0 (0 uses every training image), got " + limitTrain + ".");
        if (heldOut <= 0 || heldOut >= 0.5)
            throw new IllegalArgumentException("--held-out must be in (0, 0.5), got " + heldOut + ".");
        if (budget.maxLatencyMs != null && !latency) {
            throw new IllegalArgumentException("--max-latency-ms needs measured latencies: add --latency.");
        }
        Path folder = out != null
                ? out
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        double rate = lr != null ? lr : m.defaultLearningRate();
        SearchConfig cfg = new SearchConfig(space, data, method, device.open(), seed, supernetEpochs, batch, rate,
                teacher, teacherEpochs,
                heldOut, ratingImages, latency, budget.budget(), budget.top, retrainEpochs, limitTrain,
                new FamilyOptions(generations, scale, population, finetuneSteps, mutation, tournament, shrinkEvery,
                        shrinkFraction, ema),
                new DistillOptions(teacherWidth, distillWidths, ratingLoss, recalibrate, teacherArch, pathSampling));
        try (RunConsole console = new RunConsole(System.out, quiet)) {
            SearchRun run = new SearchRun(cfg, folder, console);
            Thread interrupted = new Thread(() -> ExitNote.interrupted(folder, run.ownsFolder()));
            Runtime.getRuntime().addShutdownHook(interrupted);
            SearchResult r;
            try {
                r = run.run(resume, overwrite);
            } catch (RuntimeException | Error e) {
                if (run.ownsFolder()) ExitNote.failed(folder, e);
                throw e;
            } finally {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            }
            if (!quiet) {
                System.out.println("result: " + folder.resolve("result.json"));
                System.out.println("report: " + folder.resolve("report.html"));
                if (r.testAccuracy() != null)
                    System.out.printf("test accuracy of the chosen network: %.2f%%%n", 100 * r.testAccuracy());
            }
        }
        return 0;
    }

    /** The registered methods' names, for picocli's help. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return SearchMethods.names().iterator();
        }
    }
}
