package dev.blocknas.nas.evolve;

import java.util.Arrays;

/**
 * An individual's genes, laid out by a {@link GenomeLayout}: per block, the cell (depth) gene, then one gene per
 * searchable layer of every cell. The genes of the cells a block does not use are carried along unexpressed, so
 * crossover and mutation keep material that a later change of depth can bring back.
 */
public record Genome(int[] genes) {

    public Genome {
        genes = genes.clone();
    }

    @Override
    public int[] genes() {
        return genes.clone();
    }

    public int gene(int i) {
        return genes[i];
    }

    public int size() {
        return genes.length;
    }

    /** This genome with gene {@code i} set to {@code value}. */
    public Genome with(int i, int value) {
        int[] g = genes.clone();
        g[i] = value;
        return new Genome(g);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Genome g && Arrays.equals(g.genes, genes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(genes);
    }

    @Override
    public String toString() {
        return Arrays.toString(genes);
    }
}
