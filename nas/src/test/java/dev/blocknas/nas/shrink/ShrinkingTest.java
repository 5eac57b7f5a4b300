package dev.blocknas.nas.shrink;

import dev.blocknas.supernet.train.OptimizerSpec;
import dev.blocknas.nas.evolve.GenomeLayout;
import dev.blocknas.nas.evolve.SupernetAccuracy;
import dev.blocknas.nas.rate.RatingSettings;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.space.SpringSpace;
import dev.blocknas.supernet.train.SinglePathTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.Tasks;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BS-NAS's shrinking: every layer loses its worst operations, never its last, and what went never comes back. */
class ShrinkingTest {
    private static final SearchSpace SPRING = SpringSpace.of(SearchSpaceJson.parse("""
            {"name": "tiny", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
             "stem": {"channels": 8, "stride": 2},
             "blocks": [{"channels": 12, "stride": 2, "depths": [1, 2], "ops": ["k3_e3", "k5_e6"]},
                        {"channels": 16, "stride": 1, "depths": [2], "ops": ["k3_e4", "k7_e3"], "allowSkip": true}],
             "head": {"channels": 32}}
            """, "tiny"));
    private static final Task TASK = Tasks.limit(Tasks.mnist(0.1, 7), 64, 32, 32);

    @Test
    void shrinkingRemovesTheWorstOperationsOfEveryLayerForGood() {
        OpMask mask = OpMask.all(SPRING);
        try (Supernet supernet = Supernet.spring(SPRING, new Rng(1), Device.CPU);
                SupernetAccuracy measure = new SupernetAccuracy(supernet, TASK,
                        new RatingSettings(32, 16, 32, 3, Device.CPU))) {
            // keep k5_e3 (index 4) at block 0's first layer whatever it scores, as a budget would
            Shrinking shrinking = new Shrinking(measure, mask, 0.25, 1, 5,
                    (layer, op) -> layer.equals(new OpMask.Layer(0, 0, 0)) && op == 4);
            Map<OpMask.Layer, Integer> before = counts(mask);
            List<Shrinking.Score> scores = shrinking.score(1, Shrinking.Listener.NONE);
            assertEquals(mask.total(), scores.size(), "every operation still on is scored");
            for (Shrinking.Score s : scores) assertTrue(s.networks() >= 1 && Double.isFinite(s.loss()), s.toString());

            List<OpMask.Removal> removed = shrinking.step(1, Shrinking.Listener.NONE);
            Map<OpMask.Layer, Integer> after = counts(mask);
            for (OpMask.Layer l : mask.layers()) {
                int n = before.get(l);
                assertTrue(after.get(l) >= 1, "a layer kept no operation: " + l);
                assertEquals(n < 2 ? n : n - Math.max(1, n / 4), after.get(l), "layer " + l);
            }
            assertTrue(mask.isOn(0, 0, 0, 4), "a kept operation survives");
            assertEquals(new java.util.HashSet<>(removed), new java.util.HashSet<>(mask.removals()));
            // block 1 allows skip after its first layer: 8 MBConvs + skip = 9 ops, 2 go
            assertEquals(9, before.get(new OpMask.Layer(1, 0, 1)));
            assertEquals(7, after.get(new OpMask.Layer(1, 0, 1)));
            for (OpMask.Removal r : removed) {
                // what went scored no better than anything that stayed in its layer (among those not kept)
                double worstKept = scores.stream()
                        .filter(s -> s.layer().equals(new OpMask.Layer(r.block(), r.cell(), r.layer())))
                        .filter(s -> mask.isOn(r.block(), r.cell(), r.layer(), s.op()))
                        .filter(s -> !(s.layer().equals(new OpMask.Layer(0, 0, 0)) && s.op() == 4))
                        .mapToDouble(Shrinking.Score::loss).max().orElse(Double.NEGATIVE_INFINITY);
                assertTrue(r.score() >= (float) worstKept,
                        "removed " + r + " but kept a worse one (" + worstKept + ")");
            }

            // a steep second step leaves one operation a layer, the kept one where there is one
            new Shrinking(measure, mask, 0.9, 1, 5, (layer, op) -> layer.equals(new OpMask.Layer(0, 0, 0)) && op == 4)
                    .step(2, Shrinking.Listener.NONE);
            for (OpMask.Layer l : mask.layers())
                assertEquals(1, counts(mask).get(l), "one operation left, never zero: " + l);
            assertTrue(mask.isOn(0, 0, 0, 4));

            SinglePathTrainer trainer = new SinglePathTrainer(supernet,
                    new TrainConfig(1, 16, OptimizerSpec.sgd(0, 0.9), 0.05, null, 1, Device.CPU), mask, null);
            GenomeLayout layout = new GenomeLayout(mask);
            SplittableRandom r = new SplittableRandom(4);
            for (int i = 0; i < 500; i++) {
                assertAllowed(mask, trainer.sample(r));
                assertAllowed(mask, layout.decode(layout.random(r)));
            }
        }
    }

    private static void assertAllowed(OpMask mask, List<BlockPath> net) {
        for (int b = 0; b < net.size(); b++)
            assertTrue(mask.allows(b, net.get(b)), "drew a switched-off operation: " + net);
    }

    private static Map<OpMask.Layer, Integer> counts(OpMask mask) {
        Map<OpMask.Layer, Integer> m = new HashMap<>();
        for (OpMask.Layer l : mask.layers()) m.put(l, mask.on(l.block(), l.cell(), l.layer()).length);
        return m;
    }

    @Test
    void theShareRemovedRoundsDownButIsAtLeastOneAndNeverTheLast() {
        assertEquals(0, Shrinking.toRemove(1, 0.25));
        assertEquals(1, Shrinking.toRemove(2, 0.25));
        assertEquals(1, Shrinking.toRemove(7, 0.25));
        assertEquals(3, Shrinking.toRemove(12, 0.25));
        assertEquals(1, Shrinking.toRemove(2, 0.9));
        assertEquals(0, Shrinking.toRemove(12, 0));
        assertFalse(Shrinking.toRemove(3, 0.99) > 2);
    }
}
