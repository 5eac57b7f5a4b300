package dev.blocknas.bench.gpu;

import dev.blocknas.layers.nn.Activation;
import dev.blocknas.layers.nn.CrossEntropyLoss;
import dev.blocknas.layers.nn.Head;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.layers.nn.Stem;
import dev.blocknas.layers.optim.Sgd;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training steps of ../shared/reference/torch_anchor.py, built from our layers, for a same-call
 * comparison with PyTorch (kernels/scripts/device-run.sh):
 * <ul>
 *   <li>{@code cell_case}: one MBConv cell (ReLU6, no squeeze-excite), loss mean(y^2), backward, SGD with
 *       momentum 0.9, for the anchor's three cells;</li>
 *   <li>{@code supernet_case(256, 32, 10)}: the anchor's single-path supernet (stem 3x3/2 to 32, an MBConv
 *       32 to 16, then its STAGES, every cell holding the six candidates k 3/5/7 x e 3/6 of which each step
 *       samples one, head 1x1 to 1280 and a linear classifier), cross-entropy, SGD (0.05, momentum 0.9,
 *       weight decay 4e-5).</li>
 * </ul>
 * A time is the median wall-clock step between device synchronisations, after warm-up; results are named
 * as the anchor names them and the JSON is rewritten after every case. {@code --device cpu} with a small
 * {@code --batch} runs the same code without a GPU (the build's smoke test).
 *
 * <p>Usage: {@code TrainStepBench out.json [--device cuda|cpu] [--batch N] [--reps 20] [--warmup 5]}
 */
public final class TrainStepBench {
    /** cin, cout, h, k, e, stride of the anchor's cell_case calls (batch 128, 128, 256). */
    static final int[][] CELLS = {{128, 40, 40, 28, 5, 6, 1}, {128, 24, 40, 56, 7, 3, 2}, {256, 32, 32, 32, 3, 6, 1}};
    /** The anchor's STAGES: cout, cells, stride of the first cell. */
    static final int[][] STAGES = {{24, 2, 2}, {40, 4, 2}, {80, 4, 2}, {96, 4, 1}, {192, 4, 2}, {320, 1, 1}};
    /** The anchor's candidates, in its order: k in (3, 5, 7) x e in (3, 6). */
    static final int[][] CANDIDATES = {{3, 3}, {3, 6}, {5, 3}, {5, 6}, {7, 3}, {7, 6}};

    private TrainStepBench() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of("train-steps.json");
        Device device = Device.cuda(0);
        int batch = 0;
        int reps = 20;
        int warmup = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--device" -> device = args[++i].equals("cpu") ? Device.CPU : Device.cuda(0);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> out = Path.of(args[i]);
            }
        }
        if (device.isCuda() && !Backends.cudaAvailable()) {
            System.err.println("TrainStepBench needs a GPU: " + Backends.cudaUnavailableReason());
            System.exit(2);
        }
        Backend backend = Backends.get(device);
        System.out.println(backend.describe());
        Map<String, double[]> results = new LinkedHashMap<>();
        for (int[] c : CELLS) {
            int n = batch > 0 ? batch : c[0];
            String name = String.format(Locale.ROOT, "mbconv train step N%d %d->%d H%d k%d e%d s%d", n, c[1], c[2],
                    c[3],
                    c[4], c[5], c[6]);
            double ms = cell(device, n, c, reps, warmup);
            record(out, results, name, ms, n);
        }
        int n = batch > 0 ? batch : 256;
        record(out, results, "supernet single-path train step N" + n + " H32 cls10", supernet(device, n, reps, warmup),
                n);
        Backends.closeAll();
    }

    private static void record(Path out, Map<String, double[]> results, String name, double ms, int n)
            throws IOException {
        results.put(name, new double[] {ms, n / ms * 1e3});
        System.out.printf(Locale.ROOT, "%s: %.3f ms, %.0f img/s%n", name, ms, n / ms * 1e3);
        StringBuilder b = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, double[]> e : results.entrySet()) {
            b.append(String.format(Locale.ROOT, " \"%s\": {\"ms\": %.5f, \"img_s\": %.1f}%s%n", e.getKey(),
                    e.getValue()[0],
                    e.getValue()[1], ++i < results.size() ? "," : ""));
        }
        Files.writeString(out, b.append("}\n").toString());
    }

    @SuppressWarnings("try")
    private static double cell(Device device, int n, int[] c, int reps, int warmup) {
        Rng rng = new Rng(1);
        try (MBConv m = new MBConv(c[1], c[2], c[4], c[5], c[6], 0, Activation.RELU6, 0, rng, device)) {
            Tensor x = Tensor.randn(rng, device, n, c[1], c[3], c[3]).persist();
            try (Sgd opt = new Sgd(m.parameters(), 0.01, 0.9, false, 0)) {
                return median(device, reps, warmup, () -> {
                    try (Scope s = Scope.open()) {
                        opt.zeroGrad();
                        m.forward(x).square().mean().backward();
                        opt.step();
                    }
                });
            } finally {
                x.close();
            }
        }
    }

    @SuppressWarnings("try")
    private static double supernet(Device device, int n, int reps, int warmup) {
        Rng rng = new Rng(2);
        List<Module> owned = new ArrayList<>();
        Stem stem = own(owned, new Stem(3, 32, 2, Activation.RELU6, rng, device));
        MBConv first = own(owned, new MBConv(32, 16, 3, 1, 1, 0, Activation.RELU6, 0, rng, device));
        List<List<MBConv>> cells = new ArrayList<>();
        int cin = 16;
        for (int[] stage : STAGES) {
            for (int i = 0; i < stage[1]; i++) {
                List<MBConv> choices = new ArrayList<>();
                for (int[] ke : CANDIDATES) {
                    choices.add(own(owned, new MBConv(cin, stage[0], ke[0], ke[1], i == 0 ? stage[2] : 1, 0,
                            Activation.RELU6, 0, rng, device)));
                }
                cells.add(choices);
                cin = stage[0];
            }
        }
        Head head = own(owned, new Head(cin, 1280, 10, Activation.RELU6, 0f, rng, device));
        List<Parameter> params = new ArrayList<>();
        for (Module m : owned) params.addAll(m.parameters());
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Tensor x = Tensor.randn(rng, device, n, 3, 32, 32).persist();
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(10);
        Tensor t = Tensor.of(device, labels, n).persist();
        Rng paths = new Rng(0);
        try (Sgd opt = new Sgd(params, 0.05, 0.9, false, 4e-5)) {
            return median(device, reps, warmup, () -> {
                try (Scope s = Scope.open()) {
                    opt.zeroGrad();
                    Tensor h = first.forward(stem.forward(x));
                    for (List<MBConv> cell : cells) h = cell.get(paths.nextInt(CANDIDATES.length)).forward(h);
                    loss.forward(head.forward(h), t).backward();
                    opt.step();
                }
            });
        } finally {
            x.close();
            t.close();
            for (Module m : owned) m.close();
        }
    }

    private static <M extends Module> M own(List<Module> owned, M m) {
        owned.add(m);
        return m;
    }

    /** Median milliseconds of {@code step}, each timed between device synchronisations, after warm-up. */
    private static double median(Device device, int reps, int warmup, Runnable step) {
        Backend b = Backends.get(device);
        for (int i = 0; i < warmup; i++) step.run();
        b.synchronize();
        double[] ms = new double[Math.max(1, reps)];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            step.run();
            b.synchronize();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }
}
