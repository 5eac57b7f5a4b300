package dev.blocknas.supernet;

import dev.blocknas.supernet.train.OptimizerSpec;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.supernet.space.SpringSpace;
import dev.blocknas.supernet.train.LossLog;
import dev.blocknas.supernet.train.SinglePathTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.Tasks;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.supernet.train.TrainListener;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single-path training with labels: sampling respects the mask, and an interrupted run resumes exactly, mask included. */
class SinglePathTrainerTest {
    static final SearchSpace TINY = SearchSpaceJson.parse("""
            {"name": "tiny", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
             "stem": {"channels": 8, "stride": 2},
             "blocks": [{"channels": 12, "stride": 2, "depths": [1, 2], "ops": ["k3_e3", "k5_e3"]},
                        {"channels": 16, "stride": 2, "depths": [1], "ops": ["k3_e3", "k3_e6", "k5_e3"]}],
             "head": {"channels": 32}}
            """, "tiny");
    private static final Task TASK = Tasks.limit(Tasks.mnist(0.1, 7), 64, 32, 32);

    private static TrainConfig config(int epochs) {
        return new TrainConfig(epochs, 16, OptimizerSpec.sgd(4e-5, 0.9), 0.05, null, 5, Device.CPU);
    }

    @Test
    void switchedOffOperationsAreNeverSampledAndTheRestAre() {
        SearchSpace spring = SpringSpace.of(TINY);
        OpMask mask = OpMask.all(spring);
        mask.switchOff(1, 0, 0, 0, 1, 2.5);
        mask.switchOff(1, 0, 0, 5, 1, 2.4);
        mask.switchOff(0, 1, 1, 3, 2, 2.3);
        assertThrows(IllegalStateException.class, () -> mask.switchOff(1, 0, 0, 0, 2, 1.0), "already off");
        try (Supernet net = Supernet.spring(spring, new Rng(1), Device.CPU)) {
            SinglePathTrainer trainer = new SinglePathTrainer(net, config(1), mask, null);
            Set<Integer> seen = new HashSet<>();
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < 2000; i++) {
                List<BlockPath> n = trainer.sample(r);
                for (int b = 0; b < n.size(); b++)
                    assertTrue(mask.allows(b, n.get(b)), "sampled a switched-off path " + n);
                seen.add(n.get(1).op(0));
            }
            assertEquals(Set.of(1, 2, 3, 4, 6, 7), seen);
        }
        assertEquals(3, mask.removals().size());
        assertEquals(2, mask.removals().get(2).epoch());
    }

    @Test
    void restrictedTrainingDrawsOnlyTheGivenNetworks() {
        OpMask mask = OpMask.all(TINY);
        mask.switchOff(1, 0, 0, 2, 1, 3.0);
        List<BlockPath> a = List.of(new BlockPath(0, new int[] {1}), new BlockPath(0, new int[] {0}));
        List<BlockPath> b = List.of(new BlockPath(1, new int[] {0, 1}), new BlockPath(0, new int[] {1}));
        try (Supernet net = Supernet.standalone(TINY, new Rng(1), Device.CPU)) {
            SinglePathTrainer trainer = new SinglePathTrainer(net, config(1), mask, null).restrictTo(List.of(a, b));
            Set<List<BlockPath>> seen = new HashSet<>();
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < 100; i++) seen.add(trainer.sample(r));
            assertEquals(Set.of(a, b), seen);
            List<BlockPath> off = List.of(new BlockPath(0, new int[] {1}), new BlockPath(0, new int[] {2}));
            assertThrows(IllegalArgumentException.class, () -> trainer.restrictTo(List.of(a, off)),
                    "a switched-off path");
        }
    }

    @Test
    void theLastOperationOfALayerStaysOn() {
        OpMask mask = OpMask.all(TINY);
        mask.switchOff(0, 0, 0, 0, 1, 1.0);
        assertThrows(IllegalStateException.class, () -> mask.switchOff(0, 0, 0, 1, 1, 1.0));
        assertArrayEquals(new int[] {1}, mask.on(0, 0, 0));
    }

    @Test
    void anInterruptedRunResumesToTheSameWeightsAndMask(@TempDir Path dir) {
        SearchSpace spring = SpringSpace.of(TINY);
        OpMask mask = OpMask.all(spring);
        run(spring, mask, dir.resolve("b"), false, 1);
        assertEquals(1, mask.removals().size());
        OpMask resumed = OpMask.all(spring);
        Map<String, float[]> afterResume = run(spring, resumed, dir.resolve("b"), true, -1);
        OpMask straightMask = OpMask.all(spring);
        Map<String, float[]> straight = run(spring, straightMask, dir.resolve("a"), false, -1);
        assertEquals(straight.keySet(), afterResume.keySet());
        // Paths, batches, optimizer state and mask are restored exactly, and the CPU kernels are bit-deterministic.
        for (String k : straight.keySet()) assertArrayEquals(straight.get(k), afterResume.get(k), 0f, k);
        assertEquals(straightMask.removals(), resumed.removals(), "the mask comes back from the checkpoint");
        assertEquals(1, resumed.removals().size());
    }

    /** Two epochs (or {@code stopAfter}) on a fresh spring supernet, shrinking after the first; the weights after. */
    private static Map<String, float[]> run(SearchSpace spring, OpMask mask, Path checkpoint, boolean resume,
                                            int stopAfter) {
        try (Supernet s = Supernet.spring(spring, new Rng(resume ? 99 : 1), Device.CPU)) {
            LossLog log = new SinglePathTrainer(s, config(2), mask, checkpoint)
                    .train(TASK, resume, stopAfter, TrainListener.NONE, shrinkAfterFirst(mask));
            assertEquals(stopAfter < 0 ? 2 : stopAfter, log.means(0).length,
                    "a resumed log continues the first epoch's curve");
            return copy(s);
        }
    }

    /** Switches off operation 0 of block 1's layer after the first epoch, as a shrinking step would. */
    private static SinglePathTrainer.EpochHook shrinkAfterFirst(OpMask mask) {
        return epochs -> {
            if (epochs == 1) mask.switchOff(1, 0, 0, 0, epochs, 0.75);
        };
    }

    private static Map<String, float[]> copy(Supernet s) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : s.stateDict().entrySet()) out.put(e.getKey(), e.getValue().toArray());
        return out;
    }
}
