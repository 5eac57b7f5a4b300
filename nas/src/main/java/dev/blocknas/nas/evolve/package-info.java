/** The genetic algorithm of the one-shot searches: genomes, operators, budget feasibility, supernet accuracy as fitness and fine-tuning on the population. */
package dev.blocknas.nas.evolve;
