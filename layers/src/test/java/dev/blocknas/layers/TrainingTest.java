package dev.blocknas.layers;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.nn.CrossEntropyLoss;
import dev.blocknas.layers.optim.AdamW;
import dev.blocknas.layers.optim.Optimizer;
import dev.blocknas.layers.optim.RmsProp;
import dev.blocknas.layers.schedule.Cosine;
import dev.blocknas.layers.schedule.LrSchedule;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole training steps on the CPU: a tiny network, a tiny batch. */
class TrainingTest {
    private static final Device CPU = Device.CPU;
    private static final String ARCH = "stem_c8_s1/ir_k3_e3_c8_s1_se0.25-ir_k5_e3_c16_s2/head_c32";

    private static float[] images(long seed, int n) {
        try (Scope ignored = Scope.open()) {
            return Tensor.randn(new Rng(seed), CPU, n, 3, 8, 8).toArray();
        }
    }

    private static float[] labels(int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = i % 4;
        return y;
    }

    /** One step; returns the loss. */
    private static float step(Network net, Optimizer opt, CrossEntropyLoss loss, float[] x, float[] y) {
        try (Scope ignored = Scope.open()) {
            opt.zeroGrad();
            Tensor l = loss.forward(net.forward(Tensor.of(x, y.length, 3, 8, 8)), Tensor.of(y, y.length));
            l.backward();
            opt.step();
            return l.item();
        }
    }

    @Test
    void aTinyNetworkOverfitsATinyBatch() {
        float[] x = images(1, 8);
        float[] y = labels(8);
        try (Network net = NetworkBuilder.build(ARCH, 3, 4, new Rng(2), CPU);
                Optimizer opt = AdamW.adamW(net.namedParameters(), 0.01, 0)) {
            CrossEntropyLoss loss = new CrossEntropyLoss();
            float first = step(net, opt, loss, x, y);
            float last = first;
            for (int i = 1; i < 80 && last > first / 10; i++) last = step(net, opt, loss, x, y);
            assertTrue(last < first / 10, "loss fell from " + first + " to " + last + ", not by 10x");
        }
    }

    @TempDir
    Path dir;

    /** One step of a run with dropout, drop-connect, label smoothing and a cosine schedule, all functions of the step. */
    private static void scheduledStep(Network net, Optimizer opt, LrSchedule schedule, int step, float[] x, float[] y) {
        net.reseed(new Rng(1000 + step));
        opt.setLr(schedule.lr(step, 4));
        step(net, opt, new CrossEntropyLoss(0.1f), x, y);
    }

    @Test
    void resumingFromSavedWeightsAndOptimizerStateIsBitIdentical() throws Exception {
        float[] x = images(3, 6);
        float[] y = labels(6);
        LrSchedule schedule = new Cosine(0.05, 0.001, 3, new LrSchedule.Warmup(0.5, 0.005));
        NetworkBuilder.Options o = NetworkBuilder.Options.DEFAULT.withDropout(0.2f, 0.2);
        Architecture arch = Architecture.parse(ARCH);
        Path weights = dir.resolve("net.safetensors");
        Path state = dir.resolve("opt.safetensors");
        try (Network a = NetworkBuilder.build(arch, 3, 4, o, new Rng(4), CPU);
                Optimizer oa = RmsProp.efficientNet(a.namedParameters(), 0.05, 1e-5)) {
            for (int s = 0; s < 6; s++) {
                if (s == 3) {
                    a.save(weights);
                    oa.save(state);
                }
                scheduledStep(a, oa, schedule, s, x, y);
            }
            try (Network b = NetworkBuilder.build(arch, 3, 4, o, new Rng(99), CPU);
                    Optimizer ob = RmsProp.efficientNet(b.namedParameters(), 0.05, 1e-5)) {
                b.load(weights);
                ob.load(state);
                for (int s = 3; s < 6; s++) scheduledStep(b, ob, schedule, s, x, y);
                for (var e : a.stateDict().entrySet()) {
                    float[] va = e.getValue().toArray();
                    float[] vb = b.stateDict().get(e.getKey()).toArray();
                    for (int i = 0; i < va.length; i++) {
                        assertEquals(Float.floatToRawIntBits(va[i]), Float.floatToRawIntBits(vb[i]),
                                e.getKey() + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void aTrainingStepLeaksNothing() {
        float[] x = images(5, 4);
        float[] y = labels(4);
        long before = Backends.cpu().memoryStats().bytesInUse();
        try (Network net = NetworkBuilder.build(ARCH, 3, 4, NetworkBuilder.Options.DEFAULT.withDropout(0.2f, 0.2),
                new Rng(6), CPU);
                Optimizer opt = AdamW.adam(net.namedParameters(), 0.002, 1e-4)) {
            step(net, opt, new CrossEntropyLoss(), x, y); // creates the optimizer state
            opt.zeroGrad();
            long steady = Backends.cpu().memoryStats().bytesInUse();
            for (int i = 0; i < 3; i++) step(net, opt, new CrossEntropyLoss(), x, y);
            opt.zeroGrad();
            assertEquals(steady, Backends.cpu().memoryStats().bytesInUse(), "a step frees everything it made");
        }
        assertEquals(before, Backends.cpu().memoryStats().bytesInUse(), "closing network and optimizer frees the rest");
    }
}
