package dev.blocknas.nas.run;

import dev.blocknas.supernet.train.OptimizerSpec;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.rate.CandidateRater;
import dev.blocknas.nas.rate.DbnasRater;
import dev.blocknas.nas.rate.DnaRater;
import dev.blocknas.nas.report.BlockwiseReport;
import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.ExactSelector;
import dev.blocknas.nas.select.NoFitMessage;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.RatingsWriter;
import dev.blocknas.nas.select.Selection;
import dev.blocknas.nas.select.SelectionJson;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.DbnasTrainer;
import dev.blocknas.supernet.train.DnaTrainer;
import dev.blocknas.supernet.train.LossLog;
import dev.blocknas.supernet.train.Teacher;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.tensor.Rng;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The block-wise searches: train the supernet block by block (distilled from a teacher as in DNA, or deeply
 * supervised by labels as in DBNAS), rate every candidate of every block on held-out data into ratings.csv,
 * then select the best networks under the budget exactly.
 */
public final class BlockwiseSearch implements SearchMethod {
    private final boolean distill;

    private BlockwiseSearch(boolean distill) {
        this.distill = distill;
    }

    /** DNA: block-wise distillation. */
    public static BlockwiseSearch dna() {
        return new BlockwiseSearch(true);
    }

    /** DBNAS: block-wise deep supervision. */
    public static BlockwiseSearch dbnas() {
        return new BlockwiseSearch(false);
    }

    @Override
    public String name() {
        return distill ? "dna" : "dbnas";
    }

    @Override
    public String description() {
        return distill
                ? "distillation from a teacher, block by block (DNA)"
                : "deep supervision by the labels, block by block (DBNAS)";
    }

    @Override
    public int defaultEpochs() {
        // docs/ranking.md: with fair path sampling, 3 epochs rank the Fashion table as well as 4 (tau +0.422 and
        // +0.419, means over 5 seeds) and save a quarter of the supernet's training
        return distill ? 3 : 2;
    }

    @Override
    public double defaultLearningRate() {
        // Adam, as DNA's reference code; DBNAS trains with SGD
        return distill ? 0.005 : 0.05;
    }

    @Override
    public void check(SearchConfig cfg, SearchSpace space) {
        if (distill) checkTeacher(cfg, space);
    }

    /**
     * Refuses a --teacher-arch whose stages do not line up with the blocks, and a teacher to train (none given by
     * --teacher) that clearly cannot be trained in the memory there is, or whose widths a widened supernet cannot
     * meet where a block offers skip.
     */
    static void checkTeacher(SearchConfig cfg, SearchSpace space) {
        if (cfg.distill().teacherArch() != null) Teacher.check(Architecture.parse(cfg.distill().teacherArch()), space);
        if (cfg.teacher() != null) return;
        Architecture teacher = teacherArchitecture(cfg, space);
        RunPlan.checkTraining("Training the teacher", teacher, space, RunContext.TRAIN_BATCH, cfg.device(),
                "lower --teacher-width or choose a smaller --teacher-arch");
        if (!cfg.distill().widths().equals("widen")) return;
        int[] widths = Teacher.widths(teacher, space);
        for (int b = 0; b < space.blockCount(); b++) {
            BlockSpec block = space.block(b);
            // A widened last layer changes the width, which a skip (an identity) cannot.
            if (block.allowSkip() && block.depths().stream().anyMatch(d -> d > 1) && widths[b] != block.outChannels()) {
                throw new IllegalArgumentException(
                        "Block " + b + " of the " + space.name() + " space allows skip, which --distill-widths widen"
                                + " cannot offer with a teacher " + widths[b] + " channels wide there instead of "
                                + block.outChannels()
                                + ": use --distill-widths adapt, or a teacher of the blocks' widths.");
            }
        }
    }

    /** The teacher trained when no weights are given: --teacher-arch, or the default one at --teacher-width. */
    static Architecture teacherArchitecture(SearchConfig cfg, SearchSpace space) {
        return cfg.distill().teacherArch() != null
                ? Architecture.parse(cfg.distill().teacherArch())
                : Teacher.defaultArchitecture(space, cfg.distill().teacherWidth());
    }

    @Override
    public MethodOutcome search(RunContext ctx) {
        Network teacherNet = distill ? teacher(ctx, null, "teacher.safetensors") : null;
        try {
            return distill ? distilled(ctx, new Teacher(teacherNet, ctx.space()), "") : supervised(ctx);
        } finally {
            if (teacherNet != null) teacherNet.close();
        }
    }

    /** DNA with the given teacher; files prefixed by {@code prefix} (DNA+ runs one search per generation). */
    MethodOutcome distilled(RunContext ctx, Teacher teacher, String prefix) {
        SearchSpace space = ctx.space();
        TrainConfig tc = ctx.supernetConfig(OptimizerSpec.adam(1e-4, 0.9));
        DistillOptions o = ctx.config().distill();
        Rng rng = new Rng(ctx.config().seed());
        try (Supernet supernet = o.widths().equals("adapt")
                ? Supernet.adapted(space, teacher.widths(), rng, ctx.config().device())
                : Supernet.distilled(space, teacher.widths(), rng, ctx.config().device())) {
            DnaTrainer trainer = new DnaTrainer(supernet, teacher, tc, ctx.folder().resolve(prefix + "checkpoint"),
                    o.pathSampling());
            int steps = ctx.task().train().size() / tc.batchSize();
            ctx.console().line("supernet (dna: distillation): " + tc.epochs() + " epochs of " + steps + " steps (all "
                    + space.blockCount() + " blocks each step)");
            LossLog losses = ctx.withProgress("supernet", (long) steps * tc.epochs(),
                    l -> trainer.train(ctx.task(), ctx.resume(), -1, l));
            ctx.phase(prefix + "supernet");
            return rateAndSelect(ctx, losses,
                    new DnaRater(supernet, teacher, ctx.task(), ctx.ratingSettings(), ctx.costs(),
                            o.ratingLoss(), o.recalibrate()),
                    prefix);
        }
    }

    private MethodOutcome supervised(RunContext ctx) {
        SearchSpace space = ctx.space();
        TrainConfig tc = ctx.supernetConfig(OptimizerSpec.sgd(4e-5, 0.8));
        try (Supernet supernet = Supernet.standalone(space, new Rng(ctx.config().seed()), ctx.config().device());
                DbnasTrainer trainer = new DbnasTrainer(supernet, tc, ctx.folder().resolve("checkpoint"))) {
            int steps = ctx.task().train().size() / tc.batchSize();
            ctx.console().line("supernet (dbnas: deep supervision): " + tc.epochs() + " epochs of " + steps
                    + " steps for each of " + space.blockCount() + " blocks");
            LossLog losses = ctx.withProgress("supernet", (long) steps * tc.epochs() * space.blockCount(),
                    l -> trainer.train(ctx.task(), ctx.resume(), -1, l));
            ctx.phase("supernet");
            return rateAndSelect(ctx, losses,
                    new DbnasRater(supernet, trainer::head, ctx.task(), ctx.ratingSettings(), ctx.costs()), "");
        }
    }

    private MethodOutcome rateAndSelect(RunContext ctx, LossLog losses, CandidateRater rater, String prefix) {
        SearchSpace space = ctx.space();
        ctx.writeText(prefix + "losses.csv", losses.toCsv());
        Path ratings = ctx.folder().resolve(prefix + "ratings.csv");
        long candidates = space.blocks().stream().mapToLong(b -> b.candidates()).sum();
        try (RatingsWriter writer = RatingsWriter.open(ratings);
                RunConsole.Progress bar = ctx.console().progress("rating", candidates, "candidates")) {
            if (writer.rowCount() > 0)
                ctx.console().line("ratings: resuming after " + writer.rowCount() + " rated candidates");
            long[] done = {0};
            rater.rateAll(writer, (block, i, total, label, rating) -> bar.stepTo(++done[0], "block " + block));
        }
        ctx.phase(prefix + "rating");

        return select(ctx, RatingsTable.read(ratings), losses, prefix, "summed block rating");
    }

    /**
     * The exact top-K networks of a ratings table under the budget: writes architectures.json and
     * architecture.txt (with {@code prefix}) and returns the best as the method's outcome.
     */
    static MethodOutcome select(RunContext ctx, RatingsTable table, LossLog losses, String prefix, String ratingName) {
        SearchSpace space = ctx.space();
        CostModel costs = ctx.costs();
        RatingsCheck.against(space, costs, table, prefix + "ratings.csv");
        CandidateCost base = costs.base();
        BaseCost baseCost = new BaseCost(base.params(), base.flops(), costs.hasLatency() ? base.latencyMs() : 0);
        List<Selection> top = ExactSelector.topK(table, baseCost, ctx.config().budget(), ctx.config().topK());
        if (top.isEmpty()) throw new IllegalArgumentException(NoFitMessage.of(table, baseCost, ctx.config().budget()));
        Selection best = top.get(0);
        String json = SelectionJson.render(top, labels -> Architectures.whole(space, labels));
        ctx.writeText(prefix + "architectures.json", json);
        String arch = Architectures.whole(space, best.labels());
        ctx.writeText(prefix + "architecture.txt", arch + "\n");
        ctx.phase(prefix + "selection");
        ctx.console().line("chosen: " + arch);
        ctx.console().line(String.format("  %s %.4f, %,d parameters, %,d multiply-adds", ratingName, best.rating(),
                best.params(), best.flops()));
        long rated = table.blocks().stream().mapToLong(b -> b.size()).sum();
        return new MethodOutcome(arch, best.labels(), best.rating(), ratingName, best.params(), best.flops(),
                costs.hasLatency() ? best.latencyMs() : null, rated, List.of(json),
                BlockwiseReport.sections(losses, table, baseCost, best));
    }

    /**
     * The teacher: the one given on the command line, the one saved in the folder by an interrupted run, or a
     * new one trained now ({@code arch} null: the space's default teacher) and saved as {@code file}.
     */
    static Network teacher(RunContext ctx, Architecture arch, String file) {
        SearchSpace space = ctx.space();
        Path saved = ctx.folder().resolve(file);
        if (arch == null && ctx.config().teacher() != null) {
            ctx.console().line("teacher: " + ctx.config().teacher());
            Network n = Networks.load(ctx.config().teacher(), space.inChannels(), space.numClasses(),
                    ctx.config().device());
            ctx.phase("teacher");
            return n;
        }
        if (ctx.resume() && Files.exists(saved)) {
            ctx.console().line("teacher: reusing " + saved.getFileName());
            Network n = Networks.load(saved, space.inChannels(), space.numClasses(), ctx.config().device());
            ctx.phase("teacher");
            return n;
        }
        Architecture a = arch != null ? arch : teacherArchitecture(ctx.config(), space);
        Teacher.check(a, space);
        ctx.console().line("teacher: training " + a + " for " + ctx.config().teacherEpochs() + " epochs");
        Network net = ctx.trainNetwork(a, ctx.config().teacherEpochs(), "teacher", ctx.config().seed() + 1);
        ctx.console().line(String.format("teacher: %.2f%% test accuracy", 100 * ctx.test(net).accuracy()));
        ctx.save(net, file);
        ctx.phase(file.replace(".safetensors", ""));
        return net;
    }
}
