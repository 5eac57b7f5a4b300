package dev.blocknas.supernet.space;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.HeadSpec;
import dev.blocknas.layers.arch.StemSpec;
import dev.blocknas.layers.nn.Activation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * A block-wise search space: a fixed stem (and optional fixed cells), searchable blocks, and a fixed head.
 * A network of the space takes one {@link BlockPath} per block; its architecture string has the stem, the
 * fixed cells, one stage per block and the head.
 *
 * @param name        preset or file name
 * @param inChannels  image channels
 * @param resolution  image height and width the space is sized for (used for FLOPs)
 * @param numClasses  classifier outputs
 * @param stem        the stem convolution
 * @param fixedCells  cells between the stem and the first block that are not searched (may be empty)
 * @param blocks      the searchable blocks
 * @param head        the head convolution before pooling and the classifier
 * @param activation  activation of every searchable cell
 * @param seRatio     squeeze-excite ratio of every searchable MBConv (0 for none)
 */
public record SearchSpace(String name, int inChannels, int resolution, int numClasses, StemSpec stem,
                          List<CellSpec> fixedCells, List<BlockSpec> blocks, HeadSpec head, Activation activation,
                          double seRatio) {

    public SearchSpace {
        if (inChannels < 1 || resolution < 1 || numClasses < 2) {
            throw new SearchSpaceFormatException(
                    "a search space needs inChannels >= 1, resolution >= 1 and numClasses >= 2.");
        }
        if (blocks == null || blocks.isEmpty())
            throw new SearchSpaceFormatException("a search space needs at least one block.");
        fixedCells = List.copyOf(fixedCells);
        blocks = List.copyOf(blocks);
    }

    public int blockCount() {
        return blocks.size();
    }

    public BlockSpec block(int b) {
        return blocks.get(b);
    }

    /** Width of the features entering block {@code b}. */
    public int blockInChannels(int b) {
        if (b > 0) return blocks.get(b - 1).outChannels();
        for (int i = fixedCells.size() - 1; i >= 0; i--) {
            if (!fixedCells.get(i).isSkip()) return fixedCells.get(i).outChannels();
        }
        return stem.outChannels();
    }

    /** Spatial size of the features entering block {@code b}. */
    public int blockInResolution(int b) {
        int r = down(resolution, stem.stride());
        for (CellSpec c : fixedCells) r = down(r, c.stride());
        for (int i = 0; i < b; i++) r = down(r, blocks.get(i).stride());
        return r;
    }

    private static int down(int size, int stride) {
        return (size - 1) / stride + 1;
    }

    /** The cells a path through block {@code b} stands for. */
    public List<CellSpec> cells(int b, BlockPath path) {
        BlockSpec spec = blocks.get(b);
        check(b, path);
        List<CellSpec> cells = new ArrayList<>(path.depth());
        for (int l = 0; l < path.depth(); l++) {
            OpSpec op = spec.choices(l).get(path.op(l));
            cells.add(op.cell(spec.outChannels(), l == 0 ? spec.stride() : 1, seRatio, activation));
        }
        return cells;
    }

    /** The architecture string of a path through block {@code b}: its cells joined by '-'. */
    public String label(int b, BlockPath path) {
        StringJoiner j = new StringJoiner("-");
        for (CellSpec c : cells(b, path)) j.add(c.toString());
        return j.toString();
    }

    /** The whole network with one path per block. */
    public Architecture architecture(List<BlockPath> paths) {
        if (paths.size() != blocks.size()) {
            throw new IllegalArgumentException(
                    "a network of space " + name + " needs " + blocks.size() + " block paths, got " + paths.size());
        }
        List<List<CellSpec>> stages = new ArrayList<>();
        if (!fixedCells.isEmpty()) stages.add(fixedCells);
        for (int b = 0; b < blocks.size(); b++) stages.add(cells(b, paths.get(b)));
        return new Architecture(stem, stages, head);
    }

    /** Checks a path fits block {@code b}. */
    public void check(int b, BlockPath path) {
        BlockSpec spec = blocks.get(b);
        if (path.cell() < 0 || path.cell() >= spec.cells() || path.depth() != spec.depths().get(path.cell())) {
            throw new IllegalArgumentException("path " + path + " does not fit block " + b + " of space " + name);
        }
        for (int l = 0; l < path.depth(); l++) {
            if (path.op(l) < 0 || path.op(l) >= spec.choices(l).size()) {
                throw new IllegalArgumentException(
                        "path " + path + " has no operation " + path.op(l) + " at layer " + l);
            }
        }
    }

    /** Number of whole networks: the product of the blocks' candidate counts (cells counted apart). */
    public BigInteger networks() {
        BigInteger n = BigInteger.ONE;
        for (BlockSpec b : blocks) n = n.multiply(BigInteger.valueOf(b.candidates()));
        return n;
    }

    /** Every path through block {@code b}: cell by cell, operations in odometer order (last layer fastest). */
    public Iterable<BlockPath> paths(int b) {
        BlockSpec spec = blocks.get(b);
        return () -> new Iterator<>() {
            int cell = 0;
            int[] ops = new int[spec.depths().get(0)];
            boolean done = false;

            @Override
            public boolean hasNext() {
                return !done;
            }

            @Override
            public BlockPath next() {
                if (done) throw new NoSuchElementException();
                BlockPath p = new BlockPath(cell, ops);
                advance();
                return p;
            }

            private void advance() {
                for (int l = ops.length - 1; l >= 0; l--) {
                    if (++ops[l] < spec.choices(l).size()) return;
                    ops[l] = 0;
                }
                cell++;
                if (cell >= spec.cells()) done = true;
                else ops = new int[spec.depths().get(cell)];
            }
        };
    }

    /** A path drawn uniformly: a cell, then an operation per layer (each cell's weights get equal training). */
    public BlockPath sample(int b, SplittableRandom random) {
        BlockSpec spec = blocks.get(b);
        int cell = random.nextInt(spec.cells());
        int[] ops = new int[spec.depths().get(cell)];
        for (int l = 0; l < ops.length; l++) ops[l] = random.nextInt(spec.choices(l).size());
        return new BlockPath(cell, ops);
    }
}
