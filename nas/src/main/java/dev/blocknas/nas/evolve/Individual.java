package dev.blocknas.nas.evolve;

import dev.blocknas.supernet.space.BlockPath;

import java.util.List;

/**
 * One evaluated member of a generation.
 *
 * @param genome  its genes
 * @param network the network they express, one path per block
 * @param fitness higher is better (the supernet's held-out accuracy), measured in {@code generation}
 * @param cost    its exact costs
 */
public record Individual(Genome genome, List<BlockPath> network, double fitness, NetworkCost cost) {
    public Individual {
        network = List.copyOf(network);
    }

    /** The same individual with a fitness measured again. */
    public Individual withFitness(double f) {
        return new Individual(genome, network, f, cost);
    }
}
