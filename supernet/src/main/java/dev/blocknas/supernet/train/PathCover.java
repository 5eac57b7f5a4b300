package dev.blocknas.supernet.train;

import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sets of paths through a block that together cover its operations, as BossNAS trains: k paths drawn for a
 * step use k different operations of every layer (as far as the layer has that many), and the fixed cover
 * uses every operation of every cell.
 */
public final class PathCover {
    private PathCover() {}

    /**
     * {@code k} paths drawn at random: the cells in turn from a random one, and at every layer a random
     * permutation of its operations, path i taking the i-th (cyclically when the layer has fewer than k).
     */
    public static List<BlockPath> sample(SearchSpace space, int b, int k, SplittableRandom rng) {
        BlockSpec spec = space.block(b);
        int depth = spec.depths().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int[][] perm = new int[depth][];
        for (int l = 0; l < depth; l++) perm[l] = FairPaths.permutation(spec.choices(l).size(), rng);
        return paths(spec, k, rng.nextInt(spec.cells()), perm);
    }

    /**
     * The fixed cover of every operation of every layer of every cell (cells have weights of their own): for
     * each cell as many paths as its widest layer has operations, path i taking operation i of every layer
     * (cyclically).
     */
    public static List<BlockPath> all(SearchSpace space, int b) {
        BlockSpec spec = space.block(b);
        List<BlockPath> out = new ArrayList<>();
        for (int c = 0; c < spec.cells(); c++) {
            int depth = spec.depths().get(c);
            int k = 0;
            for (int l = 0; l < depth; l++) k = Math.max(k, spec.choices(l).size());
            for (int i = 0; i < k; i++) {
                int[] ops = new int[depth];
                for (int l = 0; l < depth; l++) ops[l] = i % spec.choices(l).size();
                out.add(new BlockPath(c, ops));
            }
        }
        return out;
    }

    private static List<BlockPath> paths(BlockSpec spec, int k, int firstCell, int[][] perm) {
        List<BlockPath> out = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int cell = (firstCell + i) % spec.cells();
            int[] ops = new int[spec.depths().get(cell)];
            for (int l = 0; l < ops.length; l++) ops[l] = perm[l][i % perm[l].length];
            out.add(new BlockPath(cell, ops));
        }
        return out;
    }
}
