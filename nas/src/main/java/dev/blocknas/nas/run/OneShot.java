package dev.blocknas.nas.run;

import dev.blocknas.supernet.train.OptimizerSpec;
import dev.blocknas.nas.evolve.Evolution;
import dev.blocknas.nas.evolve.Feasibility;
import dev.blocknas.nas.evolve.FinetunedAccuracy;
import dev.blocknas.nas.evolve.Fitness;
import dev.blocknas.nas.evolve.Generation;
import dev.blocknas.nas.evolve.GenomeLayout;
import dev.blocknas.nas.evolve.Individual;
import dev.blocknas.nas.evolve.PopulationCsv;
import dev.blocknas.nas.evolve.TopNetworks;
import dev.blocknas.nas.report.EvolutionReport;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.LossLog;
import dev.blocknas.supernet.train.SinglePathTrainer;
import dev.blocknas.supernet.train.TrainConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * What the one-shot searches (evolve, bsnas) share: single-path supernet training with its checkpoint, the
 * genetic algorithm with its progress, and the files and outcome of the final generation.
 */
final class OneShot {
    private OneShot() {}

    /** Single-path supernet training: SGD (momentum 0.9, Nesterov), weight decay 4e-5, learning rate x0.9 per epoch. */
    static TrainConfig config(RunContext ctx) {
        return ctx.supernetConfig(OptimizerSpec.sgd(4e-5, 0.9));
    }

    /** Trains (or, resuming, finishes training) the supernet on paths the mask allows; writes losses.csv. */
    static LossLog train(RunContext ctx, Supernet supernet, OpMask mask, TrainConfig tc,
                         SinglePathTrainer.EpochHook hook) {
        SinglePathTrainer trainer = new SinglePathTrainer(supernet, tc, mask, ctx.folder().resolve("checkpoint"));
        int steps = ctx.task().train().size() / tc.batchSize();
        if (steps < 1)
            throw new IllegalArgumentException("There are fewer training images than one batch: lower --batch.");
        ctx.console().line("supernet (single path, labels): " + tc.epochs() + " epochs of " + steps
                + " steps, one whole network a step");
        LossLog losses = ctx.withProgress("supernet", (long) steps * tc.epochs(),
                l -> trainer.train(ctx.task(), ctx.resume(), -1, l, hook));
        ctx.writeText("losses.csv", losses.toCsv());
        return losses;
    }

    /** The genetic algorithm's settings from the command line. */
    static Evolution.Settings settings(RunContext ctx) {
        FamilyOptions f = ctx.config().family();
        return new Evolution.Settings(f.population(), f.generations(), f.tournament(), f.mutation(),
                ctx.config().seed());
    }

    /** Runs the genetic algorithm with a progress bar and a line per generation. */
    static List<Generation> evolve(RunContext ctx, GenomeLayout layout, Feasibility feasibility, Fitness fitness) {
        Evolution.Settings s = settings(ctx);
        int finetune = fitness instanceof FinetunedAccuracy f ? f.steps() : 0;
        long total = s.population() + (long) (s.generations() - 1) * (2L * s.population() + finetune);
        ctx.console()
                .line("evolution: " + s.generations() + " generations of " + s.population() + " (tournament "
                        + s.tournament()
                        + ", mutation " + s.mutation() + "), budget " + feasibility.budget().describe());
        List<Generation> history;
        try (RunConsole.Progress bar = ctx.console().progress("evolution", total, "steps")) {
            long[] done = {0};
            if (fitness instanceof FinetunedAccuracy f) {
                f.listen((generation, step, steps, loss) -> bar.stepTo(++done[0],
                        String.format("generation %d, fine-tuning loss %.4f", generation, loss)));
            }
            history = new Evolution(layout, feasibility, s).run(fitness,
                    (generation, i, n, best) -> bar.stepTo(++done[0],
                            String.format("generation %d, best %.4f", generation, best)));
        }
        for (Generation g : history) {
            ctx.console()
                    .line(String.format("  generation %d: best %.4f, mean %.4f of %d survivors (%d evaluated)",
                            g.index(),
                            g.best(), g.mean(), g.survivors().size(), g.evaluated().size()));
        }
        return history;
    }

    /**
     * Writes population.csv, architectures.json (top-K of the final generation) and architecture.txt, and returns
     * the outcome: the final generation's best network, rated by the supernet's error 1 - accuracy.
     */
    static MethodOutcome outcome(RunContext ctx, SearchSpace space, LossLog losses, List<Generation> history,
                                 long evaluations,
                                 List<String> before, String scheme) {
        ctx.writeText("population.csv", PopulationCsv.render(space, history));
        Generation last = history.get(history.size() - 1);
        String json = TopNetworks.render(space, last.survivors(), ctx.config().topK());
        ctx.writeText("architectures.json", json);
        Individual best = last.survivors().get(0);
        String arch = space.architecture(best.network()).toString();
        ctx.writeText("architecture.txt", arch + "\n");
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < best.network().size(); b++) labels.add(space.label(b, best.network().get(b)));
        ctx.console().line("chosen: " + arch);
        ctx.console().line(String.format("  supernet accuracy %.4f, %,d parameters, %,d multiply-adds", best.fitness(),
                best.cost().params(), best.cost().flops()));
        List<String> sections = new ArrayList<>(before);
        sections.addAll(EvolutionReport.sections(losses, history, best, scheme));
        Double latency = Double.isNaN(best.cost().latencyMs()) ? null : best.cost().latencyMs();
        return new MethodOutcome(arch, labels, 1 - best.fitness(), "supernet error (1 - held-out accuracy)",
                best.cost().params(),
                best.cost().flops(), latency, evaluations, List.of(json), sections);
    }
}
