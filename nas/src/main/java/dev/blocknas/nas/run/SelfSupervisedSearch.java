package dev.blocknas.nas.run;

import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.rate.SelfSupervisedRater;
import dev.blocknas.nas.report.BlockwiseReport;
import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.ExactSelector;
import dev.blocknas.nas.select.NoFitMessage;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.RatingsWriter;
import dev.blocknas.nas.select.Selection;
import dev.blocknas.nas.select.SelectionJson;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.SelfSupervisedTrainer;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.supernet.train.Views;

import java.nio.file.Path;
import java.util.List;

/**
 * DNA++: block-wise search with no teacher and no labels. Each block trains self-supervised against a
 * momentum copy of itself ({@link SelfSupervisedTrainer}); blocks go one after another, each rated right
 * after its training ({@link SelfSupervisedRater}), so the next block trains on the inputs of the best
 * paths so far. The exact selection then picks the network with the lowest summed loss under the budget.
 */
public final class SelfSupervisedSearch implements SearchMethod {

    @Override
    public String name() {
        return "dna++";
    }

    @Override
    public MethodOutcome search(RunContext ctx) {
        SearchSpace space = ctx.space();
        // SGD with momentum, as BossNAS (LARS there); the labels' learning rate (0.05) suits the cosine loss too.
        TrainConfig tc = ctx.supernetConfig("sgd", 1e-5, 0.9);
        Views views = Views.forTask(ctx.task());
        Path ratings = ctx.folder().resolve("ratings.csv");
        try (SelfSupervisedTrainer trainer = new SelfSupervisedTrainer(space, views, tc, ctx.config().family().ema(),
                ctx.folder().resolve("checkpoint"));
             BlockBars bars = new BlockBars(ctx)) {
            if (ctx.resume()) trainer.restore();
            if (ctx.config().teacher() != null) ctx.console().line("dna++ learns without a teacher: --teacher is not used");
            int steps = ctx.task().train().size() / tc.batchSize();
            ctx.console().line("supernet (dna++: self-supervised, momentum " + ctx.config().family().ema() + " rising to 1): "
                    + tc.epochs() + " epochs of " + steps + " steps for each of " + space.blockCount()
                    + " blocks, up to " + SelfSupervisedTrainer.MAX_PATHS + " paths a step; each block rated after its training");
            SelfSupervisedRater rater = new SelfSupervisedRater(trainer, views, ctx.task(), ctx.ratingSettings(), ctx.costs(),
                    (b, best) -> {
                        if (b >= trainer.blocksDone()) {
                            bars.train(b, (long) steps * tc.epochs(), l -> trainer.trainBlock(ctx.task(), b, best, -1, l));
                        }
                    });
            try (RatingsWriter writer = RatingsWriter.open(ratings)) {
                if (writer.rowCount() > 0) ctx.console().line("ratings: resuming after " + writer.rowCount() + " rated candidates");
                rater.rateAll(writer, bars::rated);
            }
            bars.close();
            ctx.writeText("losses.csv", trainer.losses().toCsv());
            return select(ctx, RatingsTable.read(ratings), trainer);
        }
    }

    private MethodOutcome select(RunContext ctx, RatingsTable table, SelfSupervisedTrainer trainer) {
        SearchSpace space = ctx.space();
        CostModel costs = ctx.costs();
        CandidateCost base = costs.base();
        BaseCost baseCost = new BaseCost(base.params(), base.flops(), costs.hasLatency() ? base.latencyMs() : 0);
        List<Selection> top = ExactSelector.topK(table, baseCost, ctx.config().budget(), ctx.config().topK());
        if (top.isEmpty()) throw new IllegalArgumentException(NoFitMessage.of(table, baseCost, ctx.config().budget()));
        Selection best = top.get(0);
        String json = SelectionJson.render(top, labels -> Architectures.whole(space, labels));
        ctx.writeText("architectures.json", json);
        String arch = Architectures.whole(space, best.labels());
        ctx.writeText("architecture.txt", arch + "\n");
        ctx.phase("selection");
        ctx.console().line("chosen: " + arch);
        ctx.console().line(String.format("  self-supervised loss %.4f, %,d parameters, %,d multiply-adds", best.rating(), best.params(), best.flops()));
        long rated = table.blocks().stream().mapToLong(b -> b.size()).sum();
        return new MethodOutcome(arch, best.labels(), best.rating(), "summed self-supervised loss", best.params(), best.flops(),
                costs.hasLatency() ? best.latencyMs() : null, rated, List.of(json),
                BlockwiseReport.sections(trainer.losses(), table, baseCost, best));
    }
}
