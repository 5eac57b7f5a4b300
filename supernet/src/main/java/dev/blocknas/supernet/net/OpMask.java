package dev.blocknas.supernet.net;

import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which candidate operations of every searchable layer (block, cell, layer) are still switched on, as BS-NAS's
 * shrinking leaves them, and when and with what score each switched-off one went. An operation once switched
 * off stays off, and the last operation of a layer can never go, so every layer keeps a choice and every cell
 * a network.
 */
public final class OpMask {
    /** One searchable layer: layer {@code layer} of cell {@code cell} of block {@code block}. */
    public record Layer(int block, int cell, int layer) {}

    /**
     * An operation switched off after {@code epoch} epochs, with the score that condemned it (lower was better),
     * kept in single precision so that a checkpoint restores it exactly.
     */
    public record Removal(int epoch, int block, int cell, int layer, int op, double score) {}

    private static final int ON = -1;

    private final SearchSpace space;
    private final List<Layer> layers = new ArrayList<>();
    private final Map<Layer, Integer> layerIndex = new HashMap<>();
    private final int[] offsets;
    private final int[] sizes;
    private final int[] removedAt;
    private final float[] scores;

    private OpMask(SearchSpace space) {
        this.space = space;
        List<Integer> sizeList = new ArrayList<>();
        for (int b = 0; b < space.blockCount(); b++) {
            BlockSpec spec = space.block(b);
            for (int c = 0; c < spec.cells(); c++) {
                for (int l = 0; l < spec.depths().get(c); l++) {
                    layerIndex.put(new Layer(b, c, l), layers.size());
                    layers.add(new Layer(b, c, l));
                    sizeList.add(spec.choices(l).size());
                }
            }
        }
        sizes = sizeList.stream().mapToInt(Integer::intValue).toArray();
        offsets = new int[sizes.length + 1];
        for (int i = 0; i < sizes.length; i++) offsets[i + 1] = offsets[i] + sizes[i];
        removedAt = new int[offsets[sizes.length]];
        Arrays.fill(removedAt, ON);
        scores = new float[removedAt.length];
    }

    /** Every operation of {@code space} on. */
    public static OpMask all(SearchSpace space) {
        return new OpMask(space);
    }

    public SearchSpace space() {
        return space;
    }

    /** Every searchable layer, block by block, cell by cell. */
    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    private int index(int block, int cell, int layer) {
        Integer i = layerIndex.get(new Layer(block, cell, layer));
        if (i == null)
            throw new IllegalArgumentException("no layer " + layer + " in cell " + cell + " of block " + block);
        return i;
    }

    /** The operations of a layer still on, in index order. */
    public int[] on(int block, int cell, int layer) {
        int i = index(block, cell, layer);
        List<Integer> on = new ArrayList<>();
        for (int o = 0; o < sizes[i]; o++) if (removedAt[offsets[i] + o] == ON) on.add(o);
        return on.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether operation {@code op} of a layer is still on. */
    public boolean isOn(int block, int cell, int layer, int op) {
        int i = index(block, cell, layer);
        if (op < 0 || op >= sizes[i]) return false;
        return removedAt[offsets[i] + op] == ON;
    }

    /** Operations still on, over all layers. */
    public int total() {
        int n = 0;
        for (int r : removedAt) if (r == ON) n++;
        return n;
    }

    /**
     * Switches an operation off for good.
     *
     * @throws IllegalStateException when it is already off or is the last one of its layer
     */
    public void switchOff(int block, int cell, int layer, int op, int epoch, double score) {
        if (!isOn(block, cell, layer, op)) {
            throw new IllegalStateException(
                    "operation " + op + " of layer " + new Layer(block, cell, layer) + " is not on");
        }
        if (on(block, cell, layer).length == 1) {
            throw new IllegalStateException(
                    "operation " + op + " is the last one of layer " + new Layer(block, cell, layer));
        }
        int at = offsets[index(block, cell, layer)] + op;
        removedAt[at] = epoch;
        scores[at] = (float) score;
    }

    /** Whether every layer of {@code path} through block {@code b} uses an operation still on. */
    public boolean allows(int b, BlockPath path) {
        space.check(b, path);
        for (int l = 0; l < path.depth(); l++) if (!isOn(b, path.cell(), l, path.op(l))) return false;
        return true;
    }

    /** A path through block {@code b} drawn uniformly: a cell, then an operation still on at each layer. */
    public BlockPath sample(int b, SplittableRandom random) {
        BlockSpec spec = space.block(b);
        int cell = random.nextInt(spec.cells());
        int[] ops = new int[spec.depths().get(cell)];
        for (int l = 0; l < ops.length; l++) {
            int[] on = on(b, cell, l);
            ops[l] = on[random.nextInt(on.length)];
        }
        return new BlockPath(cell, ops);
    }

    /** Every operation switched off so far, by epoch, then block, cell, layer and operation. */
    public List<Removal> removals() {
        List<Removal> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            for (int o = 0; o < sizes[i]; o++) {
                int at = offsets[i] + o;
                if (removedAt[at] != ON)
                    out.add(new Removal(removedAt[at], l.block(), l.cell(), l.layer(), o, scores[at]));
            }
        }
        out.sort(
                Comparator.comparingInt(Removal::epoch).thenComparingInt(Removal::block).thenComparingInt(Removal::cell)
                        .thenComparingInt(Removal::layer).thenComparingInt(Removal::op));
        return out;
    }

    /** The whole state as numbers, two per operation (the epoch it went or -1, and its score), to checkpoint it. */
    public float[] state() {
        float[] s = new float[2 * removedAt.length];
        for (int i = 0; i < removedAt.length; i++) {
            s[2 * i] = removedAt[i];
            s[2 * i + 1] = scores[i];
        }
        return s;
    }

    /** Restores what {@link #state} gave. */
    public void restore(float[] state) {
        if (state.length != 2 * removedAt.length) {
            throw new IllegalArgumentException(
                    "a saved mask of " + state.length / 2 + " operations does not fit a space of " + removedAt.length);
        }
        for (int i = 0; i < removedAt.length; i++) {
            removedAt[i] = (int) state[2 * i];
            scores[i] = state[2 * i + 1];
        }
    }
}
