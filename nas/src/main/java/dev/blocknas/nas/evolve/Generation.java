package dev.blocknas.nas.evolve;

import java.util.List;

/**
 * One generation of the genetic algorithm.
 *
 * @param index     0 for the initial population
 * @param evaluated everyone evaluated in it under the same weights (the previous survivors and the offspring),
 *                  best first
 * @param survivors the population it hands on, best first
 */
public record Generation(int index, List<Individual> evaluated, List<Individual> survivors) {
    public Generation {
        evaluated = List.copyOf(evaluated);
        survivors = List.copyOf(survivors);
    }

    /** The best survivor's fitness. */
    public double best() {
        return survivors.get(0).fitness();
    }

    /** The survivors' mean fitness. */
    public double mean() {
        return survivors.stream().mapToDouble(Individual::fitness).average().orElse(Double.NaN);
    }

    /** Whether {@code i} (by network) is among the survivors. */
    public boolean survived(Individual i) {
        return survivors.stream().anyMatch(s -> s.network().equals(i.network()));
    }
}
