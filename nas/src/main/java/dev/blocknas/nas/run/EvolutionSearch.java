package dev.blocknas.nas.run;

import dev.blocknas.nas.evolve.Feasibility;
import dev.blocknas.nas.evolve.FinetunedAccuracy;
import dev.blocknas.nas.evolve.Generation;
import dev.blocknas.nas.evolve.GenomeLayout;
import dev.blocknas.nas.evolve.SupernetAccuracy;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.LossLog;
import dev.blocknas.supernet.train.SinglePathTrainer;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.tensor.Rng;

import java.util.List;

/**
 * One-shot NAS with supernet fine-tuning (GECCO 2023), {@code --method evolve}: a standalone supernet trained
 * end to end on uniformly sampled single paths, then a genetic algorithm whose fitness is the supernet's
 * held-out accuracy (batch norms recalibrated per individual), the supernet fine-tuned before each generation on
 * paths of that generation's pool only, and every member of the pool evaluated again under the same weights.
 * Writes losses.csv, population.csv, architectures.json and architecture.txt.
 */
public final class EvolutionSearch implements SearchMethod {
    static final String SCHEME = "Generation 0 is drawn uniformly; each later generation breeds as many offspring from the "
            + "survivors (tournaments, uniform crossover, mutation, budget repair), fine-tunes the supernet on paths of the "
            + "survivors and offspring, evaluates all of them again under the same fine-tuned weights, and keeps the best. "
            + "Best and mean are over each generation's survivors.";

    @Override
    public String name() {
        return "evolve";
    }

    @Override
    public String description() {
        return "a genetic algorithm on a fine-tuned single-path supernet (one-shot)";
    }

    @Override
    public MethodOutcome search(RunContext ctx) {
        SearchSpace space = ctx.space();
        OpMask mask = OpMask.all(space);
        GenomeLayout layout = new GenomeLayout(mask);
        Feasibility feasibility = new Feasibility(layout, ctx.costs(), ctx.config().budget());
        feasibility.requireSomeFit();
        TrainConfig tc = OneShot.config(ctx);
        try (Supernet supernet = Supernet.standalone(space, new Rng(ctx.config().seed()), ctx.config().device())) {
            LossLog losses = OneShot.train(ctx, supernet, mask, tc, SinglePathTrainer.EpochHook.NONE);
            ctx.phase("supernet");
            try (SupernetAccuracy accuracy = new SupernetAccuracy(supernet, ctx.task(), ctx.ratingSettings())) {
                // fine-tuning continues the schedule where training left it
                FinetunedAccuracy fitness = new FinetunedAccuracy(supernet, ctx.task(), accuracy,
                        new FinetunedAccuracy.Settings(
                                ctx.config().family().finetuneSteps(), tc.batchSize(), tc.lr(0, tc.epochs()),
                                tc.weightDecay(),
                                ctx.config().seed(), ctx.config().device()));
                List<Generation> history = OneShot.evolve(ctx, layout, feasibility, fitness);
                ctx.phase("evolution");
                return OneShot.outcome(ctx, space, losses, history, fitness.evaluations(), List.of(), SCHEME);
            }
        }
    }
}
