package dev.blocknas.nas.evolve;

import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where each gene sits and which values it may take: one gene per block for its cell, and one per searchable
 * layer (block, cell, layer) for its operation, restricted to the operations an {@link OpMask} still allows.
 */
public final class GenomeLayout {
    private final SearchSpace space;
    private final int[] cellGene;
    private final int[][][] opGene;
    private final int[][] allowed;

    public GenomeLayout(OpMask mask) {
        this.space = mask.space();
        List<int[]> values = new ArrayList<>();
        cellGene = new int[space.blockCount()];
        opGene = new int[space.blockCount()][][];
        for (int b = 0; b < space.blockCount(); b++) {
            BlockSpec spec = space.block(b);
            cellGene[b] = values.size();
            values.add(range(spec.cells()));
            opGene[b] = new int[spec.cells()][];
            for (int c = 0; c < spec.cells(); c++) {
                opGene[b][c] = new int[spec.depths().get(c)];
                for (int l = 0; l < opGene[b][c].length; l++) {
                    opGene[b][c][l] = values.size();
                    values.add(mask.on(b, c, l));
                }
            }
        }
        allowed = values.toArray(new int[0][]);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    public SearchSpace space() {
        return space;
    }

    /** Number of genes. */
    public int size() {
        return allowed.length;
    }

    /** The values gene {@code i} may take. */
    public int[] allowed(int i) {
        return allowed[i].clone();
    }

    /** How many values gene {@code i} may take. */
    public int choices(int i) {
        return allowed[i].length;
    }

    /** A value of gene {@code i} drawn uniformly. */
    public int draw(int i, SplittableRandom random) {
        return allowed[i][random.nextInt(allowed[i].length)];
    }

    /** The gene of block {@code b}'s cell. */
    public int cellGene(int b) {
        return cellGene[b];
    }

    /** The gene of layer {@code layer} of cell {@code cell} of block {@code b}. */
    public int opGene(int b, int cell, int layer) {
        return opGene[b][cell][layer];
    }

    /** A genome with every gene drawn uniformly: a uniform cell per block and a uniform allowed operation per layer. */
    public Genome random(SplittableRandom random) {
        int[] g = new int[size()];
        for (int i = 0; i < g.length; i++) g[i] = draw(i, random);
        return new Genome(g);
    }

    /** The network a genome expresses: per block, its cell and that cell's operations. */
    public List<BlockPath> decode(Genome g) {
        if (g.size() != size())
            throw new IllegalArgumentException("a genome of " + g.size() + " genes for a layout of " + size());
        List<BlockPath> paths = new ArrayList<>(cellGene.length);
        for (int b = 0; b < cellGene.length; b++) {
            int cell = g.gene(cellGene[b]);
            int[] ops = new int[opGene[b][cell].length];
            for (int l = 0; l < ops.length; l++) ops[l] = g.gene(opGene[b][cell][l]);
            paths.add(new BlockPath(cell, ops));
        }
        return paths;
    }

    /** The genes that {@link #decode} reads: each block's cell gene and the genes of that cell's layers. */
    public List<Integer> expressed(Genome g) {
        List<Integer> out = new ArrayList<>();
        for (int b = 0; b < cellGene.length; b++) {
            out.add(cellGene[b]);
            for (int i : opGene[b][g.gene(cellGene[b])]) out.add(i);
        }
        return out;
    }
}
