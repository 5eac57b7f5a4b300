package dev.blocknas.supernet.train;

import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paths drawn so that every operation of a block is trained equally often, in the spirit of FairNAS's strict
 * fairness: the steps of an epoch are cut into groups, and a group holds, for every cell, as many paths as the
 * cell's widest layer has choices, each layer running through a random permutation of its choices; the
 * group's paths come in random order (an epoch's last group may be cut short). Drawn independently each step,
 * an operation of the mnist space is trained 42 times, give or take 6, in 3 epochs, and a rating partly
 * measures that luck.
 */
public final class FairPaths {
    private FairPaths() {}

    /** Steps per group of a block: the sum over its cells of their widest layer's number of choices. */
    public static int groupSize(BlockSpec spec) {
        int n = 0;
        for (int c = 0; c < spec.cells(); c++) n += widest(spec, c);
        return n;
    }

    /** The path of block {@code b} at ({@code epoch}, {@code step}): a pure function of them and {@code seed}. */
    public static BlockPath at(SearchSpace space, int b, long seed, int epoch, int step) {
        BlockSpec spec = space.block(b);
        int size = groupSize(spec);
        // Keyed by the group, not the step (phase 1 keeps it apart from uniform sampling's stream): every step of
        // a group rebuilds the same group and takes its own place in it.
        SplittableRandom rng = StepSeeds.random(seed, 1, epoch, step / size, b);
        List<BlockPath> group = new ArrayList<>(size);
        for (int c = 0; c < spec.cells(); c++) {
            int depth = spec.depths().get(c);
            int[][] perm = new int[depth][];
            for (int l = 0; l < depth; l++) perm[l] = permutation(spec.choices(l).size(), rng);
            for (int i = 0; i < widest(spec, c); i++) {
                int[] ops = new int[depth];
                for (int l = 0; l < depth; l++) ops[l] = perm[l][i % perm[l].length];
                group.add(new BlockPath(c, ops));
            }
        }
        // The group's order: the same swaps as shuffling the list in place, taken as a permutation of its places.
        return group.get(permutation(size, rng)[step % size]);
    }

    private static int widest(BlockSpec spec, int cell) {
        int m = 0;
        for (int l = 0; l < spec.depths().get(cell); l++) m = Math.max(m, spec.choices(l).size());
        return m;
    }

    /** 0..n-1 in a random order (Fisher-Yates, from the last place down). */
    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
