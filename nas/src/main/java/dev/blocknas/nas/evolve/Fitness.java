package dev.blocknas.nas.evolve;

import dev.blocknas.supernet.space.BlockPath;

import java.util.List;

/** What the genetic algorithm maximises. */
public interface Fitness {

    /**
     * Called once per generation before its individuals are evaluated, with the networks of everyone who will
     * be (the survivors and the offspring): the evolve method fine-tunes the supernet on them here.
     */
    default void beforeEvaluation(int generation, List<List<BlockPath>> pool) {}

    /** The fitness of a network under the current state (higher is better). */
    double of(List<BlockPath> network);

    /** How many evaluations really ran (a fitness may remember results while its weights do not change). */
    long evaluations();
}
