package dev.blocknas.nas.cost;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Flops;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Block costs plus the fixed part add up to the exact cost of the whole network, for every space. */
class CostModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"mnist", "cifar", "dna"})
    void blockCostsAddUpToTheWholeNetwork(String name) {
        SearchSpace space = SearchSpaces.get(name);
        CostModel costs = new CostModel(space, null);
        SplittableRandom r = new SplittableRandom(name.hashCode());
        for (int trial = 0; trial < 20; trial++) {
            List<BlockPath> paths = new ArrayList<>();
            long params = costs.base().params();
            long flops = costs.base().flops();
            for (int b = 0; b < space.blockCount(); b++) {
                BlockPath p = space.sample(b, r);
                paths.add(p);
                params += costs.candidate(b, p).params();
                flops += costs.candidate(b, p).flops();
            }
            Architecture a = space.architecture(paths);
            assertEquals(ParameterCount.of(a, space.inChannels(), space.numClasses()), params, a.toString());
            assertEquals(Flops.of(a, space.inChannels(), space.numClasses(), space.resolution()), flops, a.toString());
        }
    }
}
