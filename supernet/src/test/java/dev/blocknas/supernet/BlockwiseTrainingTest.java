package dev.blocknas.supernet;

import dev.blocknas.supernet.train.OptimizerSpec;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.train.DbnasTrainer;
import dev.blocknas.supernet.train.DnaTrainer;
import dev.blocknas.supernet.train.LossLog;
import dev.blocknas.supernet.train.PathSampling;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.supernet.train.Tasks;
import dev.blocknas.supernet.train.Teacher;
import dev.blocknas.supernet.train.TrainConfig;
import dev.blocknas.supernet.train.TrainListener;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Block-wise training on MNIST on the CPU: every block's loss falls, and resuming changes nothing. */
class BlockwiseTrainingTest {
    private static final SearchSpace SPACE = SearchSpaces.mnist();
    private static final Task TASK = Tasks.limit(Tasks.mnist(0.1, 7), 512, 64, 64);

    private static TrainConfig config(String optimizer, double lr, int epochs) {
        return new TrainConfig(epochs, 16,
                optimizer.equals("adam") ? OptimizerSpec.adam(1e-4, 0.9) : OptimizerSpec.sgd(1e-4, 0.9), lr, null, 11,
                Device.CPU);
    }

    private static Network teacher() {
        return NetworkBuilder.build(Teacher.defaultArchitecture(SPACE, 2.0), 1, 10, new Rng(5), Device.CPU);
    }

    @Test
    void dnaDistillationLowersEveryBlocksLoss() {
        try (Network t = teacher();
                Supernet s = Supernet.distilled(SPACE, new Teacher(t, SPACE).widths(), new Rng(1), Device.CPU)) {
            LossLog log = new DnaTrainer(s, new Teacher(t, SPACE), config("adam", 0.01, 2), null)
                    .train(TASK, false, -1, TrainListener.NONE);
            assertFalls(log, 0.95);
        }
    }

    @Test
    void dbnasDeepSupervisionLowersEveryBlocksLoss() {
        try (Supernet s = Supernet.standalone(SPACE, new Rng(1), Device.CPU);
                DbnasTrainer trainer = new DbnasTrainer(s, config("sgd", 0.1, 2), null)) {
            assertFalls(trainer.train(TASK, false, -1, TrainListener.NONE), 0.95);
        }
    }

    @ParameterizedTest
    @EnumSource(PathSampling.class)
    void anInterruptedDnaRunResumesToTheSameWeights(PathSampling sampling, @TempDir Path dir) {
        Task small = Tasks.limit(TASK, 256, 64, 64);
        Map<String, Tensor> straight;
        try (Network t = teacher();
                Supernet s = Supernet.distilled(SPACE, new Teacher(t, SPACE).widths(), new Rng(1), Device.CPU)) {
            new DnaTrainer(s, new Teacher(t, SPACE), config("adam", 0.005, 2), dir.resolve("a"), sampling)
                    .train(small, false, -1, TrainListener.NONE);
            straight = copy(s.stateDict());
        }
        try (Network t = teacher();
                Supernet s = Supernet.distilled(SPACE, new Teacher(t, SPACE).widths(), new Rng(1), Device.CPU)) {
            new DnaTrainer(s, new Teacher(t, SPACE), config("adam", 0.005, 2), dir.resolve("b"), sampling)
                    .train(small, false, 1, TrainListener.NONE);
        }
        try (Network t = teacher();
                Supernet s = Supernet.distilled(SPACE, new Teacher(t, SPACE).widths(), new Rng(99), Device.CPU)) {
            LossLog log = new DnaTrainer(s, new Teacher(t, SPACE), config("adam", 0.005, 2), dir.resolve("b"), sampling)
                    .train(small, true, -1, TrainListener.NONE);
            assertEquals(2, log.means(0).length, "the resumed log continues the first epoch's curve");
            assertSameWeights(straight, s.stateDict());
        }
    }

    @Test
    void fairAndUniformSamplingTrainDifferentWeights() {
        Task small = Tasks.limit(TASK, 128, 64, 64);
        Map<String, Tensor> uniform;
        try (Network t = teacher();
                Supernet s = Supernet.distilled(SPACE, new Teacher(t, SPACE).widths(), new Rng(1), Device.CPU)) {
            new DnaTrainer(s, new Teacher(t, SPACE), config("adam", 0.005, 1), null, PathSampling.UNIFORM)
                    .train(small, false, -1, TrainListener.NONE);
            uniform = copy(s.stateDict());
        }
        try (Network t = teacher();
                Supernet s = Supernet.distilled(SPACE, new Teacher(t, SPACE).widths(), new Rng(1), Device.CPU)) {
            new DnaTrainer(s, new Teacher(t, SPACE), config("adam", 0.005, 1), null, PathSampling.FAIR)
                    .train(small, false, -1, TrainListener.NONE);
            boolean differ = false;
            for (var e : s.stateDict().entrySet()) {
                differ |= !java.util.Arrays.equals(uniform.get(e.getKey()).toArray(), e.getValue().toArray());
            }
            assertTrue(differ, "the sampling reaches the trainer");
        }
    }

    @Test
    void anInterruptedDbnasRunResumesToTheSameWeights(@TempDir Path dir) {
        Task small = Tasks.limit(TASK, 256, 64, 64);
        Map<String, Tensor> straight;
        try (Supernet s = Supernet.standalone(SPACE, new Rng(1), Device.CPU);
                DbnasTrainer tr = new DbnasTrainer(s, config("sgd", 0.05, 1), dir.resolve("a"))) {
            tr.train(small, false, -1, TrainListener.NONE);
            straight = copy(s.stateDict());
        }
        try (Supernet s = Supernet.standalone(SPACE, new Rng(1), Device.CPU);
                DbnasTrainer tr = new DbnasTrainer(s, config("sgd", 0.05, 1), dir.resolve("b"))) {
            tr.train(small, false, 2, TrainListener.NONE);
        }
        try (Supernet s = Supernet.standalone(SPACE, new Rng(99), Device.CPU);
                DbnasTrainer tr = new DbnasTrainer(s, config("sgd", 0.05, 1), dir.resolve("b"))) {
            tr.train(small, true, -1, TrainListener.NONE);
            assertSameWeights(straight, s.stateDict());
        }
    }

    /** The mean of each block's last logged points is below {@code factor} times the mean of its first ones. */
    private static void assertFalls(LossLog log, double factor) {
        for (int b = 0; b < SPACE.blockCount(); b++) {
            List<LossLog.Point> p = log.points(b);
            int w = Math.max(2, p.size() / 5);
            double first = p.subList(0, w).stream().mapToDouble(LossLog.Point::loss).average().orElseThrow();
            double last = p.subList(p.size() - w, p.size()).stream().mapToDouble(LossLog.Point::loss).average()
                    .orElseThrow();
            assertTrue(last < factor * first, "block " + b + " loss from " + first + " to " + last);
        }
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, Tensor.of(v.toArray(), v.shape().toArray()).persist()));
        return out;
    }

    private static void assertSameWeights(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) assertArrayEquals(expected.get(k).toArray(), actual.get(k).toArray(), 0f, k);
    }
}
