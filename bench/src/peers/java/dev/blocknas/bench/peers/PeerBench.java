package dev.blocknas.bench.peers;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.blocknas.bench.cpu.CpuGemmBench;
import dev.blocknas.bench.cpu.CpuMBConvBench;
import dev.blocknas.bench.cpu.NetworkStep;
import dev.blocknas.bench.cpu.NetworkWorkload;
import dev.blocknas.layers.nn.Activation;
import dev.blocknas.tensor.cpu.Parallel;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Our CPU engine and DJL with the PyTorch engine (libtorch 2.7.1, CPU build) on the same workloads, in one JVM:
 * the whole-network training steps of {@link NetworkWorkload} (forward, cross-entropy, backward, SGD with momentum
 * 0.9 and weight decay 5e-4 at learning rate 0.05, batch 64), the four MBConv cells of {@link CpuMBConvBench}
 * (forward and backward of loss mean(y^2), no optimizer, batch 16) and a 1024^3 SGEMM. Each DJL model is built by
 * {@link DjlNetworks} from the same architecture and its trainable parameter count must equal ours, or the run
 * stops. Both sides are initialised randomly (their own initialisers; the times do not depend on the values).
 *
 * <p>Both sides get two threads: ours through {@code -Dblocknas.cpu.threads}, libtorch through
 * {@code ai.djl.pytorch.num_threads} (intra-op) with {@code num_interop_threads} 1, which DJL reads when the engine
 * starts; {@code ai.djl.offline=true} forbids DJL any download, so the native library must come from the
 * {@code pytorch-native-cpu} jar on the class path. After warm-up the two sides alternate call by call (which one
 * goes first alternates too), so load from other processes falls on both alike; a time is the median call, and
 * "cores" is the process CPU time over the wall time of that side's calls. How many calls fits a time budget per
 * workload (see {@link #time}).
 *
 * <p>Usage: {@code PeerBench [--out FILE.md] [--warmup 3] [--reps 10] [--budget-s 45] [--only SUBSTRING]}; bench/scripts/peers.sh
 * builds and runs it.
 */
public final class PeerBench {
    /** A workload with both sides set up: each runs one call. */
    private interface Side extends AutoCloseable {
        void run();

        @Override
        void close();
    }

    private record Pair(String name, long params, Side ours, Side djl) {}

    private record Result(String name, long params, int calls, double oursMs, double djlMs, double oursCores, double djlCores) {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private PeerBench() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of("bench/target/peers.md");
        int warmup = 3;
        int reps = 10;
        double budget = 45;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--budget-s" -> budget = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "2"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
        Engine engine = Engine.getEngine("PyTorch");
        String load = loadAverage();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run %s, revision %s: JDK %s; blocknas CPU threads %d; %s %s, offline %s, intra-op threads %s, inter-op %s; "
                        + "%d processors; load average at start %s%n%n",
                Instant.now(), System.getProperty("blocknas.bench.revision", "unknown"), Runtime.version(), Parallel.threads(), engine.getEngineName(), engine.getVersion(),
                System.getProperty("ai.djl.offline"), System.getProperty("ai.djl.pytorch.num_threads"),
                System.getProperty("ai.djl.pytorch.num_interop_threads"), Runtime.getRuntime().availableProcessors(), load));
        System.out.print(md);
        List<Result> results = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            for (Pair p : workloads(manager, only)) {
                try (Side ours = p.ours(); Side djl = p.djl()) {
                    Result r = time(p, warmup, reps, budget);
                    results.add(r);
                    System.out.printf(Locale.ROOT, "%s: blocknas %.1f ms (%.2f cores), DJL %.1f ms (%.2f cores), ratio %.2f%n", r.name(),
                            r.oursMs(), r.oursCores(), r.djlMs(), r.djlCores(), r.oursMs() / r.djlMs());
                }
            }
        }
        md.append("| workload | parameters | calls | blocknas ms | DJL ms | ratio (blocknas / DJL) | blocknas cores busy | DJL cores busy |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %d | %.1f | %.1f | %.2f | %.2f | %.2f |%n", r.name(), r.params(), r.calls(), r.oursMs(),
                    r.djlMs(), r.oursMs() / r.djlMs(), r.oursCores(), r.djlCores()));
        }
        md.append(String.format(Locale.ROOT, "%nLoad average at the end: %s; median of the alternating calls (column calls, at most %d, "
                + "within %.0f s a workload) after up to %d warm-up calls each.%n", loadAverage(), reps, budget, warmup));
        System.out.println();
        System.out.print(md);
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.println("written to " + out);
    }

    private static List<Pair> workloads(NDManager manager, String only) {
        List<Pair> list = new ArrayList<>();
        for (NetworkWorkload w : NetworkWorkload.ALL) {
            String name = "train step " + w.key() + " N" + NetworkWorkload.BATCH + " " + w.size() + "x" + w.size() + "x" + w.channels();
            if (only == null || name.contains(only)) list.add(network(manager, w, name));
        }
        String[][] cells = {{"40:40:28:5:6:1:0", "N16 40->40 H28 k5 e6"}, {"24:40:56:7:3:2:0", "N16 24->40 H56 k7 e3 s2"},
                {"32:32:32:3:6:1:0", "N16 32->32 H32 k3 e6"}, {"24:24:14:5:6:1:1", "N16 24->24 H14 k5 e6 SE swish"}};
        for (String[] c : cells) {
            String name = "mbconv fwd+bwd " + c[1];
            if (only == null || name.contains(only)) list.add(cell(manager, c[0], 16, name));
        }
        if (only == null || "sgemm 1024^3".contains(only)) list.add(sgemm(manager, 1024));
        return list;
    }

    private static Pair network(NDManager manager, NetworkWorkload w, String name) {
        NetworkStep ours = new NetworkStep(w, NetworkWorkload.BATCH, 7);
        long params = ours.parameterCount();
        Block block = DjlNetworks.network(w.arch(), w.channels(), NetworkWorkload.CLASSES);
        Model model = Model.newInstance(w.key(), ai.djl.Device.cpu(), "PyTorch");
        model.setBlock(block);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed((float) NetworkStep.LR))
                .optMomentum((float) NetworkStep.MOMENTUM).optWeightDecays((float) NetworkStep.WEIGHT_DECAY).build();
        Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(sgd));
        Shape shape = new Shape(NetworkWorkload.BATCH, w.channels(), w.size(), w.size());
        trainer.initialize(shape);
        check(name, params, DjlNetworks.trainableParameters(block));
        NDManager data = manager.newSubManager();
        NDArray x = data.randomNormal(shape);
        long[] l = new long[NetworkWorkload.BATCH];
        for (int i = 0; i < l.length; i++) l[i] = i % NetworkWorkload.CLASSES;
        NDArray labels = data.create(l);
        Side djl = new Side() {
            @Override
            public void run() {
                try (NDManager step = data.newSubManager()) {
                    // Intermediates are attached to the input's manager: borrowing the input frees them per step.
                    x.tempAttach(step);
                    labels.tempAttach(step);
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList pred = trainer.forward(new NDList(x));
                        NDArray value = loss.evaluate(new NDList(labels), pred);
                        gc.backward(value);
                    }
                    trainer.step();
                }
            }

            @Override
            public void close() {
                trainer.close();
                model.close();
                data.close();
            }
        };
        return new Pair(name, params, side(ours::step, ours), djl);
    }

    private static Pair cell(NDManager manager, String spec, int n, String name) {
        CpuMBConvBench ours = CpuMBConvBench.of(spec, n);
        String[] f = spec.split(":");
        int cin = Integer.parseInt(f[0]);
        int cout = Integer.parseInt(f[1]);
        int h = Integer.parseInt(f[2]);
        boolean se = f[6].equals("1");
        // CpuMBConvBench: ReLU6, or swish with squeeze-excite to max(1, cin / 4).
        Block block = DjlNetworks.mbconv(cin, cout, Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                se ? Math.max(1, cin / 4) : 0, se ? Activation.SWISH : Activation.RELU6);
        NDManager data = manager.newSubManager();
        Shape shape = new Shape(n, cin, h, h);
        block.initialize(data, DataType.FLOAT32, shape);
        check(name, ours.parameterCount(), DjlNetworks.trainableParameters(block));
        NDArray x = data.randomNormal(shape);
        ParameterStore store = new ParameterStore(data, false);
        Side djl = new Side() {
            @Override
            public void run() {
                // No optimizer, as in CpuMBConvBench: libtorch accumulates into the existing .grad tensors, the
                // same add a zeroed gradient would get.
                try (NDManager step = data.newSubManager()) {
                    x.tempAttach(step);
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray y = block.forward(store, new NDList(x), true).singletonOrThrow();
                        gc.backward(y.square().mean());
                    }
                }
            }

            @Override
            public void close() {
                data.close();
            }
        };
        return new Pair(name, ours.parameterCount(), side(ours::trainStep, ours::tearDown), djl);
    }

    private static Pair sgemm(NDManager manager, int n) {
        CpuGemmBench ours = CpuGemmBench.of(n);
        NDManager data = manager.newSubManager();
        NDArray a = data.randomUniform(-1, 1, new Shape(n, n));
        NDArray b = data.randomUniform(-1, 1, new Shape(n, n));
        Side djl = new Side() {
            @Override
            public void run() {
                try (NDArray c = a.matMul(b)) {
                    if (c.size() != (long) n * n) throw new AssertionError();
                }
            }

            @Override
            public void close() {
                data.close();
            }
        };
        return new Pair("sgemm " + n + "^3", 0, side(ours::sgemm, () -> {}), djl);
    }

    private static Side side(Runnable call, AutoCloseable resource) {
        return new Side() {
            @Override
            public void run() {
                call.run();
            }

            @Override
            public void close() {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static void check(String name, long ours, long djl) {
        if (ours != djl) throw new IllegalStateException(name + ": blocknas has " + ours + " trainable parameters, DJL " + djl);
    }

    /**
     * Warms both sides up (at least one call each, at most {@code warmup}, while under a third of the budget), then
     * alternates at least 3 and at most {@code reps} calls each while under the budget: DJL's slowest workloads take
     * tens of seconds a call on two shared cores, the fastest tens of milliseconds.
     */
    private static Result time(Pair p, int warmup, int reps, double budgetSeconds) {
        long budget = (long) (budgetSeconds * 1e9);
        long start = System.nanoTime();
        for (int i = 0; i < warmup && (i == 0 || System.nanoTime() - start < budget / 3); i++) {
            p.ours().run();
            p.djl().run();
        }
        start = System.nanoTime();
        long[] ours = new long[reps];
        long[] djl = new long[reps];
        long[] cpu = new long[2];
        int done = 0;
        for (int i = 0; i < reps && (i < 3 || System.nanoTime() - start < budget); i++) {
            boolean oursFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++) {
                boolean o = (k == 0) == oursFirst;
                long c0 = OS.getProcessCpuTime();
                long t0 = System.nanoTime();
                (o ? p.ours() : p.djl()).run();
                long dt = System.nanoTime() - t0;
                cpu[o ? 0 : 1] += OS.getProcessCpuTime() - c0;
                (o ? ours : djl)[i] = dt;
            }
            done++;
        }
        ours = Arrays.copyOf(ours, done);
        djl = Arrays.copyOf(djl, done);
        return new Result(p.name(), p.params(), done, median(ours) / 1e6, median(djl) / 1e6, (double) cpu[0] / Arrays.stream(ours).sum(),
                (double) cpu[1] / Arrays.stream(djl).sum());
    }

    private static double median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
