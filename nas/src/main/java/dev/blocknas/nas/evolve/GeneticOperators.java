package dev.blocknas.nas.evolve;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Parent selection and variation of the genetic algorithm: tournaments, uniform crossover, per-gene mutation. */
public final class GeneticOperators {
    private final GenomeLayout layout;
    private final int tournament;
    private final double mutation;

    /**
     * @param tournament individuals drawn per tournament (the fittest of them wins)
     * @param mutation   probability that each gene takes another allowed value
     */
    public GeneticOperators(GenomeLayout layout, int tournament, double mutation) {
        if (tournament < 1) throw new IllegalArgumentException("--tournament must be at least 1.");
        if (!(mutation >= 0 && mutation <= 1)) throw new IllegalArgumentException("--mutation must be in [0, 1].");
        this.layout = layout;
        this.tournament = tournament;
        this.mutation = mutation;
    }

    /**
     * The fittest of {@code tournament} individuals drawn without replacement (all of them when the population
     * is smaller); ties go to the one drawn first.
     */
    public <T> T select(List<T> population, ToDoubleFunction<T> fitness, SplittableRandom random) {
        int n = population.size();
        int k = Math.min(tournament, n);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        T best = null;
        double bestFitness = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            T candidate = population.get(idx[i]);
            double f = fitness.applyAsDouble(candidate);
            if (best == null || f > bestFitness) {
                best = candidate;
                bestFitness = f;
            }
        }
        return best;
    }

    /** Uniform crossover: each gene from either parent with probability one half. */
    public Genome crossover(Genome a, Genome b, SplittableRandom random) {
        int[] g = new int[a.size()];
        for (int i = 0; i < g.length; i++) g[i] = random.nextBoolean() ? a.gene(i) : b.gene(i);
        return new Genome(g);
    }

    /** Each gene, with the mutation probability, takes another of its allowed values (drawn uniformly). */
    public Genome mutate(Genome genome, SplittableRandom random) {
        int[] g = genome.genes();
        for (int i = 0; i < g.length; i++) {
            if (layout.choices(i) < 2 || random.nextDouble() >= mutation) continue;
            int[] values = layout.allowed(i);
            int v;
            do {
                v = values[random.nextInt(values.length)];
            } while (v == g[i]);
            g[i] = v;
        }
        return new Genome(g);
    }
}
