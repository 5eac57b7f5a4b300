package dev.blocknas.nas.evolve;

import dev.blocknas.supernet.space.BlockPath;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The genetic algorithm of the one-shot searches, with the population scheme of "one-shot NAS with supernet
 * fine-tuning" (GECCO 2023) as we design it (the paper publishes no mechanics): a (mu + lambda) evolution in
 * which fitness is only ever compared between individuals measured under the same supernet weights.
 *
 * <ol>
 *   <li>Generation 0: {@code population} distinct networks drawn uniformly (cell, then an allowed operation per
 *       layer), each repaired to the budget or rejected; evaluated under the trained supernet.</li>
 *   <li>Generation g >= 1: {@code population} distinct offspring of the survivors of g - 1, each by two
 *       tournaments, uniform crossover, mutation and repair, new to this generation. The pool is the
 *       survivors plus the offspring; {@link Fitness#beforeEvaluation} sees the pool (evolve fine-tunes the
 *       supernet on paths drawn from it), and then every member of the pool, survivors included, is evaluated
 *       again under the same, current weights. The best {@code population} of the pool survive.</li>
 * </ol>
 *
 * Survivors are re-evaluated because fine-tuning moves the weights: a fitness measured a generation ago, under
 * other weights, would decide a comparison unfairly. Tournaments only ever compare members of one generation's
 * survivors, whose fitness was measured together. Ties go to fewer parameters, then to the network's string.
 */
public final class Evolution {

    /**
     * @param population  individuals per generation
     * @param generations generations in total, the initial one included
     * @param tournament  tournament size
     * @param mutation    per-gene mutation probability
     * @param seed        seed of every random choice
     */
    public record Settings(int population, int generations, int tournament, double mutation, long seed) {
        public Settings {
            if (population < 2 || generations < 1) {
                throw new IllegalArgumentException("--population must be at least 2 and --generations at least 1.");
            }
        }
    }

    /** Progress: after each evaluation. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (generation, done, total, best) -> {};

        void onEvaluated(int generation, int done, int total, double best);
    }

    private static final int ATTEMPTS_PER_INDIVIDUAL = 50;

    private final GenomeLayout layout;
    private final Feasibility feasibility;
    private final GeneticOperators ops;
    private final Settings settings;

    public Evolution(GenomeLayout layout, Feasibility feasibility, Settings settings) {
        this.layout = layout;
        this.feasibility = feasibility;
        this.ops = new GeneticOperators(layout, settings.tournament(), settings.mutation());
        this.settings = settings;
    }

    /**
     * Runs every generation.
     *
     * @throws IllegalArgumentException with one sentence when no network drawn fits the budget
     */
    public List<Generation> run(Fitness fitness, Listener listener) {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0x6A09E667F3BCC909L);
        List<Generation> history = new ArrayList<>();
        List<Genome> initial = initial(random);
        List<Individual> evaluated = evaluate(0, initial, fitness, listener);
        history.add(new Generation(0, evaluated, evaluated));
        for (int g = 1; g < settings.generations(); g++) {
            List<Individual> survivors = history.get(g - 1).survivors();
            List<Genome> offspring = offspring(survivors, random);
            List<Genome> pool = new ArrayList<>();
            survivors.forEach(s -> pool.add(s.genome()));
            pool.addAll(offspring);
            fitness.beforeEvaluation(g, pool.stream().map(layout::decode).toList());
            evaluated = evaluate(g, pool, fitness, listener);
            history.add(new Generation(g, evaluated,
                    evaluated.subList(0, Math.min(settings.population(), evaluated.size()))));
        }
        return history;
    }

    /** Distinct feasible networks drawn uniformly. */
    private List<Genome> initial(SplittableRandom random) {
        List<Genome> out = new ArrayList<>();
        Set<List<BlockPath>> seen = new HashSet<>();
        for (int attempt = 0; attempt < ATTEMPTS_PER_INDIVIDUAL * settings.population()
                && out.size() < settings.population(); attempt++) {
            Optional<Genome> g = feasibility.repair(layout.random(random), random);
            if (g.isPresent() && seen.add(layout.decode(g.get()))) out.add(g.get());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(
                    "No network drawn from the space fits the budget (" + feasibility.budget().describe()
                            + "): loosen it.");
        }
        return out;
    }

    /** Offspring of the survivors whose networks are new to this generation (fewer when a small space runs out). */
    private List<Genome> offspring(List<Individual> survivors, SplittableRandom random) {
        Set<List<BlockPath>> seen = new HashSet<>();
        survivors.forEach(s -> seen.add(s.network()));
        List<Genome> out = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS_PER_INDIVIDUAL * settings.population()
                && out.size() < settings.population(); attempt++) {
            Individual a = ops.select(survivors, Individual::fitness, random);
            Individual b = ops.select(survivors, Individual::fitness, random);
            Genome child = ops.mutate(ops.crossover(a.genome(), b.genome(), random), random);
            Optional<Genome> fit = feasibility.repair(child, random);
            if (fit.isPresent() && seen.add(layout.decode(fit.get()))) out.add(fit.get());
        }
        return out;
    }

    /** Every genome evaluated under the fitness's current state, best first. */
    private List<Individual> evaluate(int generation, List<Genome> genomes, Fitness fitness, Listener listener) {
        List<Individual> out = new ArrayList<>(genomes.size());
        double best = Double.NEGATIVE_INFINITY;
        for (Genome g : genomes) {
            List<BlockPath> net = layout.decode(g);
            double f = fitness.of(net);
            out.add(new Individual(g, net, f, feasibility.cost(net)));
            best = Math.max(best, f);
            listener.onEvaluated(generation, out.size(), genomes.size(), best);
        }
        out.sort(ORDER);
        return out;
    }

    /** Fitter first; then fewer parameters; then the genes, so that the order never depends on chance. */
    static final Comparator<Individual> ORDER = Comparator.comparingDouble((Individual i) -> -i.fitness())
            .thenComparingLong(i -> i.cost().params())
            .thenComparing(i -> i.genome().toString());
}
