package dev.blocknas.nas.run;

import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.cost.LatencyTable;
import dev.blocknas.nas.evolve.Feasibility;
import dev.blocknas.nas.evolve.Generation;
import dev.blocknas.nas.evolve.GenomeLayout;
import dev.blocknas.nas.evolve.SupernetAccuracy;
import dev.blocknas.nas.report.ShrinkingReport;
import dev.blocknas.nas.shrink.Shrinking;
import dev.blocknas.nas.shrink.ShrinkingCsv;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SpringSpace;
import dev.blocknas.supernet.train.LossLog;
import dev.blocknas.supernet.train.SinglePathTrainer;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.tensor.Rng;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * BS-NAS, {@code --method bsnas}: broadening and shrinking. The space is broadened to every whole expansion
 * between the space's smallest and largest ({@link SpringSpace}) and the supernet is built of spring blocks, so
 * a layer's expansion is a channel count searched while it trains; every {@code --shrink-every} epochs (the last
 * epoch included, which hands the search a narrower space) the worst {@code --shrink-fraction} of each layer's
 * operations is switched off for good ({@link Shrinking}); then the genetic algorithm of the evolve method, without
 * fine-tuning, searches what is left. Writes shrinking.csv besides the evolve method's files.
 */
public final class BsNasSearch implements SearchMethod {
    /** Sampled networks per operation in a shrinking step, at least. */
    static final int ROUNDS = 2;

    @Override
    public String name() {
        return "bsnas";
    }

    @Override
    public String description() {
        return "spring blocks of searchable width, shrinking, evolution (BS-NAS)";
    }

    @Override
    public MethodOutcome search(RunContext ctx) {
        SearchSpace spring = SpringSpace.of(ctx.space());
        CostModel costs = costs(ctx, spring);
        OpMask mask = OpMask.all(spring);
        FamilyOptions family = ctx.config().family();
        Feasibility whole = new Feasibility(new GenomeLayout(mask), costs, ctx.config().budget());
        whole.requireSomeFit();
        ctx.console()
                .line("broadened: " + spring.block(0).ops().size() + " operations a layer in block 0 ("
                        + spring.networks()
                        + " networks), one spring of weights per kernel size");
        TrainConfig tc = OneShot.config(ctx);
        try (Supernet supernet = Supernet.spring(spring, new Rng(ctx.config().seed()), ctx.config().device());
                SupernetAccuracy accuracy = new SupernetAccuracy(supernet, ctx.task(), ctx.ratingSettings())) {
            Shrinking shrinking = new Shrinking(accuracy, mask, family.shrinkFraction(), ROUNDS, ctx.config().seed(),
                    (layer, op) -> whole.cheapest(layer.block(), layer.cell(), layer.layer()).contains(op));
            boolean[] shrankLast = {false};
            SinglePathTrainer.EpochHook hook = epochs -> {
                shrankLast[0] = false;
                if (epochs % family.shrinkEvery() != 0 || family.shrinkFraction() == 0) return;
                ctx.phase("supernet");
                int before = mask.total();
                shrinking.step(epochs, Shrinking.Listener.NONE);
                ctx.console().line(
                        "shrinking after epoch " + epochs + ": " + before + " -> " + mask.total() + " operations on");
                ctx.writeText("shrinking.csv", ShrinkingCsv.render(mask));
                ctx.phase("shrink " + epochs);
                shrankLast[0] = true;
            };
            LossLog losses = OneShot.train(ctx, supernet, mask, tc, hook);
            ctx.writeText("shrinking.csv", ShrinkingCsv.render(mask));
            if (!shrankLast[0]) ctx.phase("supernet");
            GenomeLayout layout = new GenomeLayout(mask);
            Feasibility feasibility = new Feasibility(layout, costs, ctx.config().budget());
            feasibility.requireSomeFit();
            List<Generation> history = OneShot.evolve(ctx, layout, feasibility, accuracy);
            ctx.phase("evolution");
            return OneShot.outcome(ctx, spring, losses, history, accuracy.evaluations(),
                    List.of(ShrinkingReport.section(mask)),
                    "Generation 0 is drawn uniformly from the operations shrinking left; each later generation breeds as many "
                            + "offspring from the survivors (tournaments, uniform crossover, mutation, budget repair) and keeps the "
                            + "best of survivors and offspring. The supernet is not fine-tuned, so fitness never changes.");
        }
    }

    /** Exact costs of the broadened space, with latencies measured for it (and kept for a resumed run) when asked. */
    private static CostModel costs(RunContext ctx, SearchSpace spring) {
        if (!ctx.config().measureLatency()) return new CostModel(spring, null);
        Path file = ctx.folder().resolve("latency-spring.json");
        LatencyTable latency;
        if (ctx.resume() && Files.exists(file)) {
            latency = LatencyTable.load(file, spring);
        } else {
            ctx.console().line("latency: timing every operation of the broadened space at its input shape on "
                    + ctx.config().device());
            latency = LatencyTable.measure(spring, ctx.config().device(), ctx.config().batchSize());
            latency.save(file);
        }
        ctx.phase("latency");
        return new CostModel(spring, latency);
    }
}
