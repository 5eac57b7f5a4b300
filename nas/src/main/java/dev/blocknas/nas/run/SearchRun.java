package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Backends;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main job, the same for every method: check the inputs, make the run folder (config.json, space.json,
 * log.txt), run the {@link SearchMethod}, retrain the chosen network when asked, and write result.json and
 * report.html. The method adds its own files (ratings.csv, architectures.json, architecture.txt, ...).
 */
public final class SearchRun {
    private final SearchConfig cfg;
    private final Path out;
    private final RunConsole console;
    private volatile boolean owned;

    public SearchRun(SearchConfig cfg, Path out, RunConsole console) {
        this.cfg = cfg;
        this.out = out;
        this.console = console;
    }

    /** Runs every phase; with {@code resume}, reuses what the folder already holds. */
    public SearchResult run(boolean resume) {
        return run(resume, false);
    }

    /**
     * Runs every phase in a folder this process holds the lock of. A fresh run refuses a folder that holds one
     * unless {@code overwrite}; a resumed one refuses a folder whose config.json differs from this configuration.
     */
    public SearchResult run(boolean resume, boolean overwrite) {
        SearchSpace space = SearchSpaces.get(cfg.space());
        SearchMethod method = SearchMethods.get(cfg.method());
        // Inputs are checked before the run folder exists, so a bad choice leaves nothing behind.
        RunPlan.check(space, cfg.budget());
        RunPlan.checkMemory(space, cfg.batchSize(), cfg.device());
        method.check(cfg, space);
        Task task = DataSources.limit(DataSources.task(cfg.data(), space, cfg.heldOut(), cfg.seed()), cfg.limitTrain());
        RunPlan.checkData(task, cfg.batchSize(), RunContext.calibrationBatch(cfg));
        try (RunFolder folder = RunFolder.claim(out, resume, overwrite, configJson())) {
            owned = true;
            return runIn(space, method, task, resume);
        }
    }

    /** Whether this run took its folder, so that what ends it belongs in that folder's log (a refused run's does not). */
    public boolean ownsFolder() {
        return owned;
    }

    private SearchResult runIn(SearchSpace space, SearchMethod method, Task task, boolean resume) {
        RunContext ctx = new RunContext(cfg, space, task, out, console, resume);
        console.logTo(out.resolve("log.txt"));
        ctx.writeJson("config.json", configJson());
        ctx.writeText("space.json", SearchSpaceJson.write(space));
        console.line("blocknas search: method " + method.name() + ", space " + space.name() + " (" + space.networks()
                + " networks), data " + cfg.data() + ", on " + Backends.get(cfg.device()).describe());
        console.line("run folder: " + out.toAbsolutePath());
        console.line("data: " + task.train().size() + " training, " + task.heldOut().size() + " held-out, "
                + task.test().size() + " test images");
        ctx.phase("data");

        MethodOutcome found = method.search(ctx);

        Double accuracy = null;
        if (cfg.retrainEpochs() > 0) {
            console.line("retrain: " + cfg.retrainEpochs() + " epochs from scratch");
            try (Network net = ctx.trainNetwork(Architecture.parse(found.architecture()), cfg.retrainEpochs(),
                    "retrain",
                    cfg.seed() + 2)) {
                Evaluation ev = ctx.test(net);
                console.line(String.format("retrained: %.2f%% test accuracy on %d test images", 100 * ev.accuracy(),
                        ev.images()));
                ctx.save(net, "weights.safetensors");
                accuracy = ev.accuracy();
            }
            ctx.phase("retrain");
        }
        SearchResult result = new SearchResult(method.name(), space.name(), cfg.data(), cfg.device().toString(),
                found.architecture(), found.blocks(), found.rating(), found.ratingName(), found.params(), found.flops(),
                found.latencyMs(), accuracy, space.networks().toString(), found.evaluated(), ctx.phases());
        ctx.writeJson("result.json", result);
        RunReport.write(out.resolve("report.html"), result, found.reportSections());
        for (Phase p : result.phases()) console.line(String.format("  %-22s %8.1f s", p.name(), p.seconds()));
        return result;
    }

    /** The configuration as written to config.json (plain values: budgets as numbers or null). */
    private Map<String, Object> configJson() {
        Map<String, Object> m = new LinkedHashMap<>();
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
        m.put("maxLatencyMs",
                cfg.budget().maxLatencyMs().isPresent() ? cfg.budget().maxLatencyMs().getAsDouble() : null);
        m.put("topK", cfg.topK());
        m.put("retrainEpochs", cfg.retrainEpochs());
        m.put("limitTrain", cfg.limitTrain());
        m.put("family", cfg.family());
        m.put("distill", cfg.distill());
        return m;
    }
}
