package dev.blocknas.supernet.train;

import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaceJson;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNA++'s self-supervised block training on MNIST on the CPU. The resume test runs last: until the JIT has
 * compiled the vectorised kernels, the interpreted ones may round differently, and bit-identical weights
 * are only promised between runs of the same code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SelfSupervisedTrainingTest {
    // Block 0 has one cell of two operations, so the two paths of every step train all of its weights.
    private static final SearchSpace SPACE = SearchSpaceJson.parse("""
            {"name": "tiny", "inChannels": 1, "resolution": 28, "numClasses": 10, "activation": "swish", "seRatio": 0,
             "stem": {"channels": 8, "stride": 2},
             "blocks": [{"channels": 12, "stride": 2, "depths": [1], "ops": ["k3_e3", "k5_e3"]},
                        {"channels": 16, "stride": 2, "depths": [1, 2], "ops": ["k3_e3", "k3_e6", "k5_e3"]}],
             "head": {"channels": 32}}
            """, "test");
    private static final Task TASK = Tasks.limit(Tasks.mnist(0.1, 7), 384, 64, 64);
    private static final List<BlockPath> FIRST = List.of(new BlockPath(0, new int[] {1}));

    private static TrainConfig config(int epochs) {
        return new TrainConfig(epochs, 32, OptimizerSpec.sgd(1e-5, 0.9), 0.05, null, 11, Device.CPU);
    }

    private static SelfSupervisedTrainer trainer(int epochs, double momentum, Path dir) {
        return new SelfSupervisedTrainer(SPACE, AugmentedViews.forTask(TASK), config(epochs), momentum, dir);
    }

    @Test
    @Order(1)
    void theLossFallsInEveryBlock() {
        try (SelfSupervisedTrainer t = trainer(2, 0.99, null)) {
            assertTrue(t.trainBlock(TASK, 0, List.of(), -1, TrainListener.NONE));
            assertTrue(t.trainBlock(TASK, 1, FIRST, -1, TrainListener.NONE));
            for (int b = 0; b < 2; b++) {
                double[] means = t.losses().means(b);
                assertEquals(2, means.length);
                List<LossLog.Point> p = t.losses().points(b);
                double first = p.subList(0, 3).stream().mapToDouble(LossLog.Point::loss).average().orElseThrow();
                double last = p.subList(p.size() - 3, p.size()).stream().mapToDouble(LossLog.Point::loss).average()
                        .orElseThrow();
                assertTrue(Double.isFinite(last) && last < 0.8 * first,
                        "block " + b + " loss from " + first + " to " + last);
            }
        }
    }

    @Test
    @Order(2)
    void theTargetFollowsTheOnlineBlockMoreSlowly() {
        try (SelfSupervisedTrainer t = trainer(1, 0.9, null)) {
            Map<String, Parameter> online = block0(t.online().block(0), t.projector(0));
            Map<String, Parameter> target = block0(t.target().block(0), t.targetProjector(0));
            Map<String, float[]> online0 = snapshot(online);
            Map<String, float[]> target0 = snapshot(target);
            for (String k : online.keySet())
                assertArrayEquals(online0.get(k), target0.get(k), 0f, "the target starts as a copy: " + k);
            Map<String, float[]> later = snapshot(block0(t.target().block(1), t.targetProjector(1)));
            t.trainBlock(TASK, 0, List.of(), -1, TrainListener.NONE);
            for (String k : online.keySet()) {
                double moved = distance(online0.get(k), online.get(k).tensor().toArray());
                double followed = distance(target0.get(k), target.get(k).tensor().toArray());
                assertTrue(followed > 0, "target " + k + " did not move");
                assertTrue(followed < moved, "target " + k + " moved " + followed + ", online " + moved);
            }
            Map<String, Parameter> untouched = block0(t.target().block(1), t.targetProjector(1));
            for (String k : untouched.keySet()) {
                assertArrayEquals(later.get(k), untouched.get(k).tensor().toArray(), 0f,
                        "block 1 has not trained yet: " + k);
            }
        }
    }

    @Test
    @Order(3)
    void anInterruptedRunResumesToTheSameWeights(@TempDir Path dir) {
        Task small = Tasks.limit(TASK, 192, 64, 64);
        Map<String, float[]> straight;
        try (SelfSupervisedTrainer t = trainer(2, 0.99, dir.resolve("a"))) {
            t.trainBlock(small, 0, List.of(), -1, TrainListener.NONE);
            t.trainBlock(small, 1, FIRST, -1, TrainListener.NONE);
            straight = state(t);
        }
        try (SelfSupervisedTrainer t = trainer(2, 0.99, dir.resolve("b"))) {
            t.trainBlock(small, 0, List.of(), -1, TrainListener.NONE);
            assertFalse(t.trainBlock(small, 1, FIRST, 1, TrainListener.NONE), "stopped after one epoch of block 1");
        }
        try (SelfSupervisedTrainer t = trainer(2, 0.99, dir.resolve("b"))) {
            t.restore();
            assertEquals(1, t.blocksDone());
            assertTrue(t.trainBlock(small, 0, List.of(), -1, TrainListener.NONE), "block 0 is done already");
            // Another path for block 0 (a tie resolved otherwise on resume) does not change what block 1 trains on.
            t.trainBlock(small, 1, List.of(new BlockPath(0, new int[] {0})), -1, TrainListener.NONE);
            assertEquals(2, t.losses().means(1).length, "the resumed log continues block 1's curve");
            Map<String, float[]> resumed = state(t);
            assertEquals(straight.keySet(), resumed.keySet());
            for (String k : straight.keySet()) assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
        }
    }

    private static Map<String, Parameter> block0(Module block, Module projector) {
        Map<String, Parameter> m = new LinkedHashMap<>();
        block.namedParameters().forEach((n, p) -> m.put("block." + n, p));
        projector.namedParameters().forEach((n, p) -> m.put("projector." + n, p));
        return m;
    }

    private static Map<String, float[]> snapshot(Map<String, Parameter> params) {
        Map<String, float[]> m = new LinkedHashMap<>();
        params.forEach((n, p) -> m.put(n, p.tensor().toArray()));
        return m;
    }

    private static Map<String, float[]> state(SelfSupervisedTrainer t) {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, Module> e : Map.<String, Module>of("online", t.online(), "target", t.target())
                .entrySet()) {
            for (Map.Entry<String, Tensor> s : e.getValue().stateDict().entrySet())
                m.put(e.getKey() + "." + s.getKey(), s.getValue().toArray());
        }
        for (int b = 0; b < 2; b++) {
            for (Map.Entry<String, Parameter> p : t.predictor(b).namedParameters().entrySet()) {
                m.put("predictor" + b + "." + p.getKey(), p.getValue().tensor().toArray());
            }
        }
        return m;
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        return Math.sqrt(s);
    }
}
