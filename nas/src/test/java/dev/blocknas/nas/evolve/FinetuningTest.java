package dev.blocknas.nas.evolve;

import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.nas.rate.RatingSettings;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.Tasks;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fine-tuning on a population moves only what the population uses, and makes a fresh fitness of it. */
class FinetuningTest {
    static final SearchSpace TINY = SearchSpaceJson.parse("""
            {"name": "tiny", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
             "stem": {"channels": 8, "stride": 2},
             "blocks": [{"channels": 12, "stride": 2, "depths": [1, 2], "ops": ["k3_e3", "k5_e3"]},
                        {"channels": 16, "stride": 2, "depths": [1], "ops": ["k3_e3", "k3_e6", "k5_e3"]}],
             "head": {"channels": 32}}
            """, "tiny");
    static final Task TASK = Tasks.limit(Tasks.mnist(0.1, 7), 64, 32, 32);

    @Test
    void fineTuningTouchesOnlyTheOperationsOfThePopulation() {
        List<List<BlockPath>> population = List.of(
                List.of(new BlockPath(0, new int[] {0}), new BlockPath(0, new int[] {1})),
                List.of(new BlockPath(1, new int[] {1, 0}), new BlockPath(0, new int[] {1})));
        try (Supernet supernet = Supernet.standalone(TINY, new Rng(1), Device.CPU);
                SupernetAccuracy accuracy = new SupernetAccuracy(supernet, TASK,
                        new RatingSettings(32, 16, 32, 3, Device.CPU))) {
            Map<String, float[]> before = snapshot(supernet);
            Set<String> used = new HashSet<>();
            for (List<BlockPath> n : population) used.addAll(supernet.parameterNamesOf(n));
            double a = accuracy.of(population.get(0));
            assertEquals(1, accuracy.evaluations());
            assertEquals(a, accuracy.of(population.get(0)), "remembered while the weights stay");
            assertEquals(1, accuracy.evaluations());

            FinetunedAccuracy fitness = new FinetunedAccuracy(supernet, TASK, accuracy,
                    new FinetunedAccuracy.Settings(6, 16, 0.05, 4e-5, 9, Device.CPU));
            fitness.beforeEvaluation(1, population);
            assertTrue(Double.isFinite(fitness.lastLoss()));

            Map<String, float[]> after = snapshot(supernet);
            int changed = 0;
            int untouched = 0;
            for (String name : before.keySet()) {
                boolean same = Arrays.equals(before.get(name), after.get(name));
                if (used.contains(name)) {
                    if (!same) changed++;
                } else {
                    assertArrayEquals(before.get(name), after.get(name), 0f,
                            "an operation no individual uses moved: " + name);
                    untouched++;
                }
            }
            assertTrue(changed > used.size() / 2,
                    "the population's operations were trained: " + changed + " of " + used.size());
            assertTrue(untouched > 0, "some operations are unused");
            assertFalse(used.contains("blocks.0.cells.1.0.0.conv_pw.weight"),
                    "k3_e3 in the first layer of cell 1 is unused");
            fitness.of(population.get(0));
            assertEquals(2, fitness.evaluations(), "fine-tuning forgets remembered accuracies");
        }
    }

    private static Map<String, float[]> snapshot(Supernet s) {
        Map<String, float[]> out = new HashMap<>();
        for (Map.Entry<String, Parameter> e : s.namedParameters().entrySet())
            out.put(e.getKey(), e.getValue().tensor().toArray());
        return out;
    }
}
