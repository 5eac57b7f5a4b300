package dev.blocknas.supernet.space;

import java.util.Arrays;

/** One candidate path through a block: which cell, and the operation index chosen at each of its layers. */
public record BlockPath(int cell, int[] ops) {

    public BlockPath {
        ops = ops.clone();
    }

    @Override
    public int[] ops() {
        return ops.clone();
    }

    /** Operation index of layer {@code layer}. */
    public int op(int layer) {
        return ops[layer];
    }

    public int depth() {
        return ops.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockPath p && p.cell == cell && Arrays.equals(p.ops, ops);
    }

    @Override
    public int hashCode() {
        return 31 * cell + Arrays.hashCode(ops);
    }

    @Override
    public String toString() {
        return "cell " + cell + " " + Arrays.toString(ops);
    }
}
