package dev.blocknas.supernet.train;

import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every group of steps trains every operation of every cell equally often; paths depend only on the step. */
class FairPathsTest {

    @Test
    void everyGroupUsesEachCellAndEachOperationOfEachLayerEquallyOften() {
        for (SearchSpace space : List.of(SearchSpaces.mnist(), SearchSpaces.mnistWide())) {
            for (int b = 0; b < space.blockCount(); b++) {
                BlockSpec spec = space.block(b);
                int size = FairPaths.groupSize(spec);
                for (int g = 0; g < 5; g++) {
                    Map<String, Integer> uses = new HashMap<>();
                    for (int i = 0; i < size; i++) {
                        BlockPath p = FairPaths.at(space, b, 42, 3, g * size + i);
                        space.check(b, p);
                        uses.merge("cell " + p.cell(), 1, Integer::sum);
                        for (int l = 0; l < p.depth(); l++)
                            uses.merge(p.cell() + "/" + l + "/" + p.op(l), 1, Integer::sum);
                    }
                    for (int c = 0; c < spec.cells(); c++) {
                        int paths = uses.get("cell " + c);
                        for (int l = 0; l < spec.depths().get(c); l++) {
                            int n = spec.choices(l).size();
                            int total = 0;
                            for (int o = 0; o < n; o++) {
                                int k = uses.getOrDefault(c + "/" + l + "/" + o, 0);
                                total += k;
                                // A layer with fewer choices than its cell's widest runs through them cyclically.
                                String where = space.name() + " block " + b + " cell " + c + " layer " + l + " op " + o;
                                assertTrue(k == paths / n || k == paths / n + 1, where + ": " + k + " of " + paths);
                            }
                            assertEquals(paths, total);
                        }
                    }
                }
            }
        }
    }

    @Test
    void pathsArePureFunctionsOfSeedEpochAndStepAndTheGroupsDiffer() {
        SearchSpace space = SearchSpaces.mnist();
        int size = FairPaths.groupSize(space.block(1));
        assertEquals(12, size, "6 one-layer paths and 6 two-layer paths of the mnist space's six operations");
        List<BlockPath> first = new ArrayList<>();
        List<BlockPath> again = new ArrayList<>();
        List<BlockPath> second = new ArrayList<>();
        List<BlockPath> otherEpoch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            first.add(FairPaths.at(space, 1, 42, 0, i));
            again.add(FairPaths.at(space, 1, 42, 0, i));
            second.add(FairPaths.at(space, 1, 42, 0, size + i));
            otherEpoch.add(FairPaths.at(space, 1, 42, 1, i));
        }
        assertEquals(first, again);
        assertNotEquals(first, second);
        assertNotEquals(first, otherEpoch);
    }
}
