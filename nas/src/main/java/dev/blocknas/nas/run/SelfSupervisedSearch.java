package dev.blocknas.nas.run;

import dev.blocknas.supernet.train.OptimizerSpec;
import dev.blocknas.nas.rate.SelfSupervisedRater;
import dev.blocknas.nas.select.RatingsTable;
import dev.blocknas.nas.select.RatingsWriter;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.SelfSupervisedTrainer;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.supernet.train.AugmentedViews;

import java.nio.file.Path;

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
    public String description() {
        return "self-supervised block by block, no teacher (DNA++)";
    }

    @Override
    public MethodOutcome search(RunContext ctx) {
        SearchSpace space = ctx.space();
        // SGD with momentum, as BossNAS (LARS there); the labels' learning rate (0.05) suits the cosine loss too.
        TrainConfig tc = ctx.supernetConfig(OptimizerSpec.sgd(1e-5, 0.9));
        AugmentedViews views = AugmentedViews.forTask(ctx.task());
        Path ratings = ctx.folder().resolve("ratings.csv");
        try (SelfSupervisedTrainer trainer = new SelfSupervisedTrainer(space, views, tc, ctx.config().family().ema(),
                ctx.folder().resolve("checkpoint"));
                BlockBars bars = new BlockBars(ctx)) {
            if (ctx.resume()) trainer.restore();
            if (ctx.config().teacher() != null)
                ctx.console().line("dna++ learns without a teacher: --teacher is not used");
            int steps = ctx.task().train().size() / tc.batchSize();
            ctx.console()
                    .line("supernet (dna++: self-supervised, momentum " + ctx.config().family().ema()
                            + " rising to 1): "
                            + tc.epochs() + " epochs of " + steps + " steps for each of " + space.blockCount()
                            + " blocks, up to " + SelfSupervisedTrainer.MAX_PATHS
                            + " paths a step; each block rated after its training");
            SelfSupervisedRater rater = new SelfSupervisedRater(trainer, views, ctx.task(), ctx.ratingSettings(),
                    ctx.costs(),
                    (b, best) -> {
                        if (b >= trainer.blocksDone()) {
                            bars.train(b, (long) steps * tc.epochs(),
                                    l -> trainer.trainBlock(ctx.task(), b, best, -1, l));
                        }
                    });
            try (RatingsWriter writer = RatingsWriter.open(ratings)) {
                if (writer.rowCount() > 0)
                    ctx.console().line("ratings: resuming after " + writer.rowCount() + " rated candidates");
                rater.rateAll(writer, bars::rated);
            }
            bars.close();
            ctx.writeText("losses.csv", trainer.losses().toCsv());
            return BlockwiseSearch.select(ctx, RatingsTable.read(ratings), trainer.losses(), "",
                    "summed self-supervised loss");
        }
    }
}
