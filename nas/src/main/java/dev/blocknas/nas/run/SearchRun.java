package dev.blocknas.nas.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.cost.LatencyTable;
import dev.blocknas.nas.rate.CandidateRater;
import dev.blocknas.nas.rate.DbnasRater;
import dev.blocknas.nas.rate.DnaRater;
import dev.blocknas.nas.rate.RatingSettings;
import dev.blocknas.nas.report.HtmlReport;
import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.CostKind;
import dev.blocknas.nas.select.ExactSelector;
import dev.blocknas.nas.select.NoFitMessage;
import dev.blocknas.nas.select.ParetoFront;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.RatingsWriter;
import dev.blocknas.nas.select.Selection;
import dev.blocknas.nas.select.SelectionJson;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.train.DbnasTrainer;
import dev.blocknas.supernet.train.DnaTrainer;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.LossLog;
import dev.blocknas.supernet.train.NetworkTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.Teacher;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.supernet.train.TrainListener;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Rng;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The main job: train the supernet block-wise (distilled from a teacher, or deeply supervised), rate every
 * candidate of every block, select the best networks under the budget exactly, optionally retrain the
 * best, and leave everything in a run folder: config.json, log.txt, losses.csv, ratings.csv,
 * architectures.json, architecture.txt, result.json, report.html (and teacher/weights files).
 */
public final class SearchRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SearchConfig cfg;
    private final Path out;
    private final RunConsole console;
    private final List<Phase> phases = new ArrayList<>();

    public SearchRun(SearchConfig cfg, Path out, RunConsole console) {
        this.cfg = cfg;
        this.out = out;
        this.console = console;
    }

    /** Runs every phase; with {@code resume}, reuses what the folder already holds. */
    public SearchResult run(boolean resume) {
        SearchSpace space = SearchSpaces.get(cfg.space());
        long t = System.nanoTime();
        // Inputs are checked before the run folder exists, so a bad choice leaves nothing behind.
        Task task = DataSources.limit(DataSources.task(cfg.data(), space, cfg.heldOut(), cfg.seed()), cfg.limitTrain());
        mkdirs(out);
        console.logTo(out.resolve("log.txt"));
        writeJson(out.resolve("config.json"), configJson());
        writeText(out.resolve("space.json"), SearchSpaceJson.write(space));
        console.line("blocknas search: method " + cfg.method() + ", space " + space.name() + " (" + space.networks()
                + " networks), data " + cfg.data() + ", on " + Backends.get(cfg.device()).describe());
        console.line("run folder: " + out.toAbsolutePath());

        t = phase("data", t);
        console.line("data: " + task.train().size() + " training, " + task.heldOut().size() + " held-out, "
                + task.test().size() + " test images");

        TrainConfig tc = new TrainConfig(cfg.epochs(), cfg.batchSize(), cfg.method().equals("dna") ? "adam" : "sgd",
                cfg.lr(), null, cfg.method().equals("dna") ? 1e-4 : 4e-5, cfg.method().equals("dna") ? 0.9 : 0.8,
                cfg.seed(), cfg.device());
        LossLog losses;
        CandidateRater rater;
        AutoCloseable[] owned;
        CostModel costs;
        LatencyTable latency = null;
        if (cfg.method().equals("dna")) {
            Network teacherNet = teacher(space, task, resume);
            t = phase("teacher", t);
            Teacher teacher = new Teacher(teacherNet, space);
            Supernet supernet = Supernet.distilled(space, teacher.widths(), new Rng(cfg.seed()), cfg.device());
            DnaTrainer trainer = new DnaTrainer(supernet, teacher, tc, out.resolve("checkpoint"));
            losses = train("supernet (dna: distillation)", tc, task, steps -> trainer.train(task, resume, -1, steps));
            t = phase("supernet", t);
            if (cfg.measureLatency()) {
                latency = latency(space);
                t = phase("latency", t);
            }
            costs = new CostModel(space, latency);
            rater = new DnaRater(supernet, teacher, task, rating(), costs);
            owned = new AutoCloseable[] {supernet, teacherNet};
        } else if (cfg.method().equals("dbnas")) {
            Supernet supernet = Supernet.standalone(space, new Rng(cfg.seed()), cfg.device());
            DbnasTrainer trainer = new DbnasTrainer(supernet, tc, out.resolve("checkpoint"));
            losses = train("supernet (dbnas: deep supervision)", tc, task, steps -> trainer.train(task, resume, -1, steps));
            t = phase("supernet", t);
            if (cfg.measureLatency()) {
                latency = latency(space);
                t = phase("latency", t);
            }
            costs = new CostModel(space, latency);
            rater = new DbnasRater(supernet, trainer::head, task, rating(), costs);
            owned = new AutoCloseable[] {supernet, trainer};
        } else {
            throw new IllegalArgumentException("Unknown method \"" + cfg.method() + "\": use dna or dbnas.");
        }
        writeText(out.resolve("losses.csv"), losses.toCsv());

        long candidates = space.blocks().stream().mapToLong(b -> b.candidates()).sum();
        try (RatingsWriter writer = RatingsWriter.open(out.resolve("ratings.csv"));
             RunConsole.Progress bar = console.progress("rating", candidates, "candidates")) {
            if (writer.rowCount() > 0) console.line("ratings: resuming after " + writer.rowCount() + " rated candidates");
            long[] done = {0};
            rater.rateAll(writer, (block, i, total, label, rating) -> bar.stepTo(++done[0], "block " + block));
        } finally {
            for (AutoCloseable c : owned) closeQuietly(c);
        }
        t = phase("rating", t);

        RatingsTable table = RatingsTable.read(out.resolve("ratings.csv"));
        CandidateCost base = costs.base();
        BaseCost baseCost = new BaseCost(base.params(), base.flops(), Double.isNaN(base.latencyMs()) ? 0 : base.latencyMs());
        List<Selection> top = ExactSelector.topK(table, baseCost, cfg.budget(), cfg.topK());
        if (top.isEmpty()) throw new IllegalArgumentException(NoFitMessage.of(table, baseCost, cfg.budget()));
        Selection best = top.get(0);
        writeText(out.resolve("architectures.json"), SelectionJson.render(top, labels -> Architectures.whole(space, labels)));
        String arch = Architectures.whole(space, best.labels());
        writeText(out.resolve("architecture.txt"), arch + "\n");
        t = phase("selection", t);
        console.line("chosen: " + arch);
        console.line(String.format("  rating %.4f, %,d parameters, %,d multiply-adds", best.rating(), best.params(), best.flops()));

        Double accuracy = null;
        if (cfg.retrainEpochs() > 0) {
            accuracy = retrain(arch, space, task);
            t = phase("retrain", t);
        }
        SearchResult result = new SearchResult(cfg.method(), space.name(), cfg.data(), cfg.device().toString(), arch,
                best.labels(), best.rating(), best.params(), best.flops(),
                Double.isNaN(best.latencyMs()) || latency == null ? null : best.latencyMs(), accuracy,
                space.networks().toString(), table.blocks().stream().mapToLong(b -> b.size()).sum(), List.copyOf(phases));
        writeJson(out.resolve("result.json"), result);
        HtmlReport.write(out.resolve("report.html"), result, losses, table, baseCost, best,
                ParetoFront.of(table, baseCost, CostKind.PARAMS), ParetoFront.of(table, baseCost, CostKind.FLOPS));
        for (Phase p : phases) console.line(String.format("  %-10s %8.1f s", p.name(), p.seconds()));
        return result;
    }

    private interface Training {
        LossLog run(TrainListener listener);
    }

    private LossLog train(String what, TrainConfig tc, Task task, Training training) {
        int blocks = SearchSpaces.get(cfg.space()).blockCount();
        int stepsPerEpoch = task.train().size() / tc.batchSize();
        long total = (long) stepsPerEpoch * tc.epochs() * (cfg.method().equals("dbnas") ? blocks : 1);
        console.line(what + ": " + tc.epochs() + " epochs of " + stepsPerEpoch + " steps" + (cfg.method().equals("dbnas")
                ? " for each of " + blocks + " blocks" : " (all " + blocks + " blocks each step)"));
        try (RunConsole.Progress bar = console.progress("supernet", total, "steps")) {
            return training.run((w, epoch, step, steps, loss) -> bar.step(w + String.format(" loss %.4f", loss)));
        }
    }

    private Network teacher(SearchSpace space, Task task, boolean resume) {
        Path saved = out.resolve("teacher.safetensors");
        if (cfg.teacher() != null) {
            console.line("teacher: " + cfg.teacher());
            return Networks.load(cfg.teacher(), space.inChannels(), space.numClasses(), cfg.device());
        }
        if (resume && Files.exists(saved)) {
            console.line("teacher: reusing " + saved.getFileName());
            return Networks.load(saved, space.inChannels(), space.numClasses(), cfg.device());
        }
        Architecture a = Teacher.defaultArchitecture(space, 1.5);
        console.line("teacher: training " + a + " for " + cfg.teacherEpochs() + " epochs");
        Network net = NetworkBuilder.build(a, space.inChannels(), space.numClasses(), new Rng(cfg.seed() + 1), cfg.device());
        NetworkTrainer.Settings s = new NetworkTrainer.Settings(cfg.teacherEpochs(), 64, 0.1, 5e-4, 0.1f, 0.3, cfg.seed() + 1, cfg.device());
        long steps = (long) (task.train().size() / 64) * cfg.teacherEpochs();
        try (RunConsole.Progress bar = console.progress("teacher", steps, "steps")) {
            NetworkTrainer.train(net, task, s, "teacher", (w, e, i, n, loss) -> bar.step(String.format("loss %.4f", loss)));
        }
        Evaluation ev = NetworkTrainer.evaluate(net, task, task.test(), 250, cfg.device());
        console.line(String.format("teacher: %.2f%% test accuracy", 100 * ev.accuracy()));
        try {
            net.save(saved);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the teacher: " + e.getMessage(), e);
        }
        return net;
    }

    private LatencyTable latency(SearchSpace space) {
        console.line("latency: timing every operation at its input shape on " + cfg.device());
        LatencyTable table = LatencyTable.measure(space, cfg.device(), cfg.batchSize());
        table.save(out.resolve("latency.json"));
        return table;
    }

    private RatingSettings rating() {
        return new RatingSettings(250, Math.max(cfg.batchSize(), 128), cfg.ratingImages(), cfg.seed(), cfg.device());
    }

    private Double retrain(String arch, SearchSpace space, Task task) {
        console.line("retrain: " + cfg.retrainEpochs() + " epochs from scratch");
        try (Network net = NetworkBuilder.build(Architecture.parse(arch), space.inChannels(), space.numClasses(),
                new Rng(cfg.seed() + 2), cfg.device())) {
            NetworkTrainer.Settings s = new NetworkTrainer.Settings(cfg.retrainEpochs(), 64, 0.1, 5e-4, 0.1f, 0.3, cfg.seed() + 2, cfg.device());
            long steps = (long) (task.train().size() / 64) * cfg.retrainEpochs();
            try (RunConsole.Progress bar = console.progress("retrain", steps, "steps")) {
                NetworkTrainer.train(net, task, s, "retrain", (w, e, i, n, loss) -> bar.step(String.format("loss %.4f", loss)));
            }
            Evaluation ev = NetworkTrainer.evaluate(net, task, task.test(), 250, cfg.device());
            console.line(String.format("retrained: %.2f%% test accuracy on %d test images", 100 * ev.accuracy(), ev.images()));
            try {
                net.save(out.resolve("weights.safetensors"));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not save the weights: " + e.getMessage(), e);
            }
            return ev.accuracy();
        }
    }

    /** The configuration as written to config.json (plain values: budgets as numbers or null). */
    private java.util.Map<String, Object> configJson() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("space", cfg.space());
        m.put("data", cfg.data());
        m.put("method", cfg.method());
        m.put("device", cfg.device().toString());
        m.put("seed", cfg.seed());
        m.put("epochs", cfg.epochs());
        m.put("batchSize", cfg.batchSize());
        m.put("lr", cfg.lr());
        m.put("teacher", cfg.teacher() == null ? null : cfg.teacher().toString());
        m.put("teacherEpochs", cfg.teacherEpochs());
        m.put("heldOut", cfg.heldOut());
        m.put("ratingImages", cfg.ratingImages());
        m.put("measureLatency", cfg.measureLatency());
        m.put("maxParams", cfg.budget().maxParams().isPresent() ? cfg.budget().maxParams().getAsLong() : null);
        m.put("maxFlops", cfg.budget().maxFlops().isPresent() ? cfg.budget().maxFlops().getAsLong() : null);
        m.put("maxLatencyMs", cfg.budget().maxLatencyMs().isPresent() ? cfg.budget().maxLatencyMs().getAsDouble() : null);
        m.put("topK", cfg.topK());
        m.put("retrainEpochs", cfg.retrainEpochs());
        m.put("limitTrain", cfg.limitTrain());
        return m;
    }

    private long phase(String name, long start) {
        long now = System.nanoTime();
        phases.add(new Phase(name, (now - start) / 1e9));
        return now;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    static void writeJson(Path file, Object value) {
        try {
            writeText(file, JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + file.getFileName() + " as JSON", e);
        }
    }

    /** Writes through a temporary file and a rename, so no reader ever sees half a file. */
    static void writeText(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing frees memory; nothing to report
        }
    }
}
