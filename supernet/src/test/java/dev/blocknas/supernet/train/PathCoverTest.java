package dev.blocknas.supernet.train;

import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Paths that share no operation at any layer, drawn and fixed. */
class PathCoverTest {
    private static final SearchSpace SPACE = SearchSpaces.mnist();

    @Test
    void sampledPathsUseDistinctOperationsAtEveryLayer() {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            for (int b = 0; b < SPACE.blockCount(); b++) {
                List<BlockPath> paths = PathCover.sample(SPACE, b, 3, r);
                assertEquals(3, paths.size());
                Set<Integer> cells = new HashSet<>();
                for (int l = 0; l < 2; l++) {
                    Set<Integer> ops = new HashSet<>();
                    int users = 0;
                    for (BlockPath p : paths) {
                        SPACE.check(b, p);
                        cells.add(p.cell());
                        if (p.depth() > l) {
                            ops.add(p.op(l));
                            users++;
                        }
                    }
                    assertEquals(users, ops.size(), "layer " + l + " of " + paths);
                }
                assertEquals(2, cells.size(), "the cells are taken in turn");
            }
        }
    }

    @Test
    void theFixedCoverUsesEveryOperationOfEveryLayerAndEveryCell() {
        for (int b = 0; b < SPACE.blockCount(); b++) {
            List<BlockPath> cover = PathCover.all(SPACE, b);
            Set<String> used = new HashSet<>();
            for (BlockPath p : cover) {
                SPACE.check(b, p);
                used.add("cell " + p.cell());
                for (int l = 0; l < p.depth(); l++) used.add(p.cell() + "/" + l + "/" + p.op(l));
            }
            // cell 0 has one layer, cell 1 two: 2 cells and 6 + 12 (cell, layer, operation) triples, from 6 + 6 paths
            assertEquals(2 + 6 + 12, used.size());
            assertEquals(12, cover.size());
        }
    }
}
