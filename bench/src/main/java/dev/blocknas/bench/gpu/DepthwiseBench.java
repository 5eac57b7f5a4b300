package dev.blocknas.bench.gpu;

import dev.blocknas.kernels.CudaBackend;
import dev.blocknas.kernels.depthwise.DepthwiseKernels;
import dev.blocknas.kernels.depthwise.DepthwiseKernels.Variant;
import dev.blocknas.kernels.depthwise.DepthwiseLaunch;
import dev.blocknas.kernels.dnn.CudnnConvolution;
import dev.blocknas.kernels.driver.CachingAllocator;
import dev.blocknas.kernels.driver.Cu;
import dev.blocknas.kernels.driver.CudaEvent;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Conv2dSpec;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import jcuda.driver.JCudaDriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side timing of our depthwise kernels and cuDNN's depthwise convolution (our own binding, groups = C)
 * on the seven depthwise workloads of torch_anchor.py, on one GPU, in one run:
 * <ol>
 *   <li>the device's copy bandwidth: a 1 GiB device-to-device cuMemcpy, bytes read + written over time;</li>
 *   <li>per workload, validation first: ours (both variants) and cuDNN against the CPU reference at batch 2
 *       on fresh random inputs (relative L2 error, must be under 1e-4);</li>
 *   <li>then CUDA-event timings, median of 30 after 5 warm-up runs, on random normal inputs, rotating input
 *       sets when they would fit in L2 so DRAM is what gets measured.</li>
 * </ol>
 * Prints a table (and the PyTorch ratio when a torch_anchor JSON is given) and writes everything as JSON,
 * rewritten after each workload; a workload that fails is recorded with its error and the exit status is 1.
 *
 * <p>Usage: {@code DepthwiseBench [out.json] [--torch torch.json] [--reps 30] [--warmup 5]}
 */
public final class DepthwiseBench {
    private DepthwiseBench() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of("depthwise-bench.json");
        Path torch = null;
        int reps = 30;
        int warmup = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--torch" -> torch = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> out = Path.of(args[i]);
            }
        }
        if (!Backends.cudaAvailable()) {
            System.err.println("DepthwiseBench needs a GPU: " + Backends.cudaUnavailableReason());
            System.exit(2);
        }
        CudaBackend gpu = (CudaBackend) Backends.get(Device.cuda(0));
        String device = gpu.describe();
        System.out.println(device);
        Map<String, double[]> torchMs = TorchReference.read(torch);

        double copyGBps = copyBandwidth(gpu, reps, warmup);
        System.out.printf(Locale.ROOT, "device-to-device copy: %.0f GB/s (read + write)%n", copyGBps);

        // The table and the JSON are rewritten after every workload, and a workload that throws is recorded
        // and passed over: a device call cut short, or one bad case, keeps everything measured before it.
        List<Result> results = new ArrayList<>();
        int failed = 0;
        for (Workload w : Workload.ANCHOR) {
            Result r = new Result(w);
            try {
                validate(gpu, w, r);
                time(gpu, w, r, reps, warmup);
            } catch (RuntimeException e) {
                r.error = e.toString();
                failed++;
                e.printStackTrace();
            }
            double[] t = torchMs.get(w.torchName());
            if (t != null) {
                r.torchFwd = t[0];
                r.torchBwd = t[1];
            }
            results.add(r);
            System.out.println("  done " + w + ": ours fwd " + fmt(r.oursFwd) + " ms, bwd " + fmt(r.oursBwd) + " ms"
                    + (r.error == null ? "" : " FAILED: " + r.error));
            Files.writeString(out, json(device, copyGBps, reps, warmup, results));
        }
        printTable(results, copyGBps);
        System.out.println("wrote " + out.toAbsolutePath());
        Backends.closeAll();
        if (failed > 0) {
            System.err.println(
                    "DepthwiseBench: " + failed + " workload(s) failed (see above and \"error\" in " + out + ")");
            System.exit(1);
        }
    }

    /** Timings and errors of one workload. */
    static final class Result {
        final Workload w;
        double oursFwd = Double.NaN, oursBwd = Double.NaN, simpleFwd = Double.NaN, simpleBwd = Double.NaN;
        double cudnnFwd = Double.NaN, cudnnBwd = Double.NaN, torchFwd = Double.NaN, torchBwd = Double.NaN;
        String error;
        double errOurs, errSimple, errCudnn;
        String plan = "";
        int[] cudnnAlgos = new int[3];

        Result(Workload w) {
            this.w = w;
        }

        double fwdGBps() { return w.forwardBytes() / oursFwd / 1e6; }
        double bwdGBps() { return w.backwardBytes() / oursBwd / 1e6; }
    }

    /** Median GB/s (bytes read + written) of a 1 GiB device-to-device copy. */
    private static double copyBandwidth(CudaBackend gpu, int reps, int warmup) {
        long bytes = 1L << 30;
        CachingAllocator a = gpu.allocator();
        try (CachingAllocator.Block src = a.allocate(bytes); CachingAllocator.Block dst = a.allocate(bytes)) {
            double ms = median(gpu, reps, warmup, () -> Cu.call("cuMemcpyDtoDAsync",
                    () -> JCudaDriver.cuMemcpyDtoDAsync(dst.pointer(), src.pointer(), bytes, gpu.stream().handle())));
            return 2.0 * bytes / ms / 1e6;
        }
    }

    /** Median milliseconds of {@code work} between two events, after warm-up. */
    private static double median(CudaBackend gpu, int reps, int warmup, Runnable work) {
        for (int i = 0; i < warmup; i++) work.run();
        gpu.synchronize();
        double[] ms = new double[reps];
        try (CudaEvent start = new CudaEvent(); CudaEvent end = new CudaEvent()) {
            for (int i = 0; i < reps; i++) {
                start.record(gpu.stream());
                work.run();
                end.record(gpu.stream());
                end.synchronize();
                ms[i] = end.millisSince(start);
            }
        }
        Arrays.sort(ms);
        return ms[reps / 2];
    }

    private static CudnnConvolution.Key key(CudnnConvolution.Direction d, Workload w, int n) {
        return new CudnnConvolution.Key(d, n, w.c(), w.h(), w.h(), w.c(), w.out(), w.out(),
                new Conv2dSpec(w.k(), w.s(), w.pad(), 1, w.c()));
    }

    /** Ours (both variants) and cuDNN against the CPU reference on a batch of 2. */
    @SuppressWarnings("try")
    private static void validate(CudaBackend gpu, Workload w, Result r) {
        int n = 2;
        int c = w.c(), h = w.h(), k = w.k(), o = w.out();
        Backend cpu = Backends.cpu();
        Rng rng = new Rng(System.nanoTime());
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(rng, Device.CPU, n, c, h, h);
            Tensor wt = Tensor.randn(rng, Device.CPU, c, 1, k, k);
            Tensor gy = Tensor.randn(rng, Device.CPU, n, c, o, o);
            Tensor y = Tensor.empty(Device.CPU, n, c, o, o), gx = Tensor.empty(Device.CPU, n, c, h, h),
                    gw = Tensor.empty(Device.CPU, c, 1, k, k);
            cpu.depthwiseConv2d(x, wt, w.s(), w.pad(), y);
            cpu.depthwiseConv2dBackwardData(gy, wt, w.s(), w.pad(), gx);
            cpu.depthwiseConv2dBackwardFilter(x, gy, w.s(), w.pad(), gw);
            float[][] ref = {y.toArray(), gx.toArray(), gw.toArray()};
            Tensor dx = x.to(Device.cuda(0)), dw = wt.to(Device.cuda(0)), dgy = gy.to(Device.cuda(0));
            DepthwiseKernels.Shape shape = new DepthwiseKernels.Shape(n, c, h, h, k, w.s(), w.pad(), o, o);
            for (Variant v : Variant.values()) {
                float[][] got = run(gpu, (py, pgx, pgw) -> {
                    gpu.depthwise().forward(v, shape, gpu.address(dx), gpu.address(dw), py);
                    gpu.depthwise().backwardData(v, shape, gpu.address(dgy), gpu.address(dw), pgx);
                    gpu.depthwise().backwardFilter(v, shape, gpu.address(dx), gpu.address(dgy), pgw);
                }, n, c, h, k, o);
                double e = maxError(ref, got);
                if (v == Variant.TILED) r.errOurs = e;
                else r.errSimple = e;
            }
            float[][] got = run(gpu, (py, pgx, pgw) -> {
                gpu.convolutions().forward(key(CudnnConvolution.Direction.FORWARD, w, n), gpu.address(dx),
                        gpu.address(dw), py);
                gpu.convolutions().backwardData(key(CudnnConvolution.Direction.BACKWARD_DATA, w, n), gpu.address(dgy),
                        gpu.address(dw), pgx);
                gpu.convolutions().backwardFilter(key(CudnnConvolution.Direction.BACKWARD_FILTER, w, n),
                        gpu.address(dx), gpu.address(dgy), pgw);
            }, n, c, h, k, o);
            r.errCudnn = maxError(ref, got);
        }
        if (r.errOurs > 1e-4 || r.errSimple > 1e-4 || r.errCudnn > 1e-4) {
            System.out.printf(Locale.ROOT, "VALIDATION FAILED for %s: ours %.2e, simple %.2e, cuDNN %.2e%n", w,
                    r.errOurs,
                    r.errSimple, r.errCudnn);
        }
    }

    @FunctionalInterface
    private interface Three {
        void run(long y, long gx, long gw);
    }

    /** Runs {@code f} into NaN-poisoned outputs and downloads them. */
    private static float[][] run(CudaBackend gpu, Three f, int n, int c, int h, int k, int o) {
        try (Scope s = Scope.open()) {
            Tensor y = Tensor.full(Float.NaN, Device.cuda(0), n, c, o, o);
            Tensor gx = Tensor.full(Float.NaN, Device.cuda(0), n, c, h, h);
            Tensor gw = Tensor.full(Float.NaN, Device.cuda(0), c, 1, k, k);
            f.run(gpu.address(y), gpu.address(gx), gpu.address(gw));
            return new float[][] {y.toArray(), gx.toArray(), gw.toArray()};
        }
    }

    private static double maxError(float[][] ref, float[][] got) {
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            double num = 0, den = 0;
            for (int j = 0; j < ref[i].length; j++) {
                if (Float.isNaN(got[i][j])) return Double.POSITIVE_INFINITY;
                double d = (double) got[i][j] - ref[i][j];
                num += d * d;
                den += (double) ref[i][j] * ref[i][j];
            }
            worst = Math.max(worst, den == 0 ? Math.sqrt(num) : Math.sqrt(num / den));
        }
        return worst;
    }

    /** Full-batch timings of ours (both variants) and cuDNN on random normal inputs. */
    @SuppressWarnings("try")
    private static void time(CudaBackend gpu, Workload w, Result r, int reps, int warmup) {
        Device d = Device.cuda(0);
        int n = w.n(), c = w.c(), h = w.h(), k = w.k(), o = w.out();
        long perSet = 4 * (2 * w.inputs() + 2 * w.outputs());
        int sets = (int) Math.max(1, Math.min(4, (256L << 20) / perSet + 1)); // rotate inputs that would fit in L2
        Rng rng = new Rng(1234);
        try (Scope s = Scope.open()) {
            long[][] io = new long[sets][];
            for (int i = 0; i < sets; i++) {
                Tensor x = Tensor.randn(rng, d, n, c, h, h), gy = Tensor.randn(rng, d, n, c, o, o);
                Tensor y = Tensor.empty(d, n, c, o, o), gx = Tensor.empty(d, n, c, h, h);
                io[i] = new long[] {gpu.address(x), gpu.address(gy), gpu.address(y), gpu.address(gx)};
            }
            Tensor wt = Tensor.randn(rng, d, c, 1, k, k), gw = Tensor.empty(d, c, 1, k, k);
            long pw = gpu.address(wt), pgw = gpu.address(gw);
            DepthwiseKernels dk = gpu.depthwise();
            DepthwiseKernels.Shape shape = new DepthwiseKernels.Shape(n, c, h, h, k, w.s(), w.pad(), o, o);
            DepthwiseLaunch fp = dk.plan(DepthwiseLaunch.Kind.FORWARD, shape, io[0][0]);
            DepthwiseLaunch bp = dk.plan(DepthwiseLaunch.Kind.BACKWARD_FILTER, shape, io[0][0]);
            r.plan = fp == null
                    ? "simple"
                    : "fwd P=" + fp.planesPerTile() + " rows=" + fp.tileRows() + " grid=" + fp.grid()
                            + " smem=" + fp.sharedBytes() + (fp.vectorized() ? " vec" : "") + "; filter splits="
                            + (bp == null ? 0 : bp.splits());
            int[] rot = {0};
            for (Variant v : Variant.values()) {
                double fwd = median(gpu, reps, warmup, () -> {
                    long[] b = io[rot[0]++ % sets];
                    dk.forward(v, shape, b[0], pw, b[2]);
                });
                double bwd = median(gpu, reps, warmup, () -> {
                    long[] b = io[rot[0]++ % sets];
                    dk.backwardData(v, shape, b[1], pw, b[3]);
                    dk.backwardFilter(v, shape, b[0], b[1], pgw);
                });
                if (v == Variant.TILED) {
                    r.oursFwd = fwd;
                    r.oursBwd = bwd;
                } else {
                    r.simpleFwd = fwd;
                    r.simpleBwd = bwd;
                }
            }
            CudnnConvolution conv = gpu.convolutions();
            var kf = key(CudnnConvolution.Direction.FORWARD, w, n);
            var kd = key(CudnnConvolution.Direction.BACKWARD_DATA, w, n);
            var kw = key(CudnnConvolution.Direction.BACKWARD_FILTER, w, n);
            r.cudnnFwd = median(gpu, reps, warmup, () -> {
                long[] b = io[rot[0]++ % sets];
                conv.forward(kf, b[0], pw, b[2]);
            });
            r.cudnnBwd = median(gpu, reps, warmup, () -> {
                long[] b = io[rot[0]++ % sets];
                conv.backwardData(kd, b[1], pw, b[3]);
                conv.backwardFilter(kw, b[0], b[1], pgw);
            });
            r.cudnnAlgos = new int[] {conv.algorithm(kf), conv.algorithm(kd), conv.algorithm(kw)};
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static void printTable(List<Result> results, double copyGBps) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-24s %9s %9s %9s %9s %8s %6s %8s %6s %8s %8s %9s%n", "shape", "ours fwd",
                "cuDNN fwd",
                "ours bwd", "cuDNN bwd", "fwd GB/s", "of cp", "bwd GB/s", "of cp", "x torch f", "x torch b", "max err");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-24s %9s %9s %9s %9s %8.0f %5.0f%% %8.0f %5.0f%% %9s %9s %9.1e%n", r.w,
                    fmt(r.oursFwd),
                    fmt(r.cudnnFwd), fmt(r.oursBwd), fmt(r.cudnnBwd), r.fwdGBps(), 100 * r.fwdGBps() / copyGBps,
                    r.bwdGBps(),
                    100 * r.bwdGBps() / copyGBps, ratio(r.torchFwd, r.oursFwd), ratio(r.torchBwd, r.oursBwd),
                    Math.max(r.errOurs, Math.max(r.errSimple, r.errCudnn)));
        }
        System.out.printf(Locale.ROOT, "times in ms (median of CUDA-event timings); copy bandwidth %.0f GB/s; "
                + "'x torch' = PyTorch time / our time (same GPU only)%n", copyGBps);
    }

    private static String ratio(double torch, double ours) {
        return Double.isNaN(torch) ? "-" : String.format(Locale.ROOT, "%.2fx", torch / ours);
    }

    private static String json(String device, double copyGBps, int reps, int warmup, List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append("{\n  \"device\": ").append(quote(device)).append(",\n");
        b.append(String.format(Locale.ROOT,
                "  \"copy_GBps\": %.1f,%n  \"reps\": %d,%n  \"warmup\": %d,%n  \"cases\": {%n", copyGBps, reps,
                warmup));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            b.append("    ").append(quote(r.w.torchName())).append(": {");
            b.append(String.format(Locale.ROOT,
                    "\"ours_fwd_ms\": %s, \"ours_bwd_ms\": %s, \"simple_fwd_ms\": %s, \"simple_bwd_ms\": %s, "
                            + "\"cudnn_fwd_ms\": %s, \"cudnn_bwd_ms\": %s, \"torch_fwd_ms\": %s, \"torch_bwd_ms\": %s, "
                            + "\"fwd_min_bytes\": %d, \"bwd_min_bytes\": %d, \"ours_fwd_GBps\": %s, \"ours_bwd_GBps\": %s, "
                            + "\"ours_fwd_of_copy\": %s, \"ours_bwd_of_copy\": %s, \"err_ours\": %s, \"err_simple\": %s, "
                            + "\"err_cudnn\": %s, \"cudnn_algos_fwd_data_filter\": %s, \"plan\": %s, \"error\": %s}",
                    num(r.oursFwd), num(r.oursBwd), num(r.simpleFwd), num(r.simpleBwd), num(r.cudnnFwd),
                    num(r.cudnnBwd),
                    num(r.torchFwd), num(r.torchBwd), r.w.forwardBytes(), r.w.backwardBytes(), num(r.fwdGBps()),
                    num(r.bwdGBps()), num(r.fwdGBps() / copyGBps), num(r.bwdGBps() / copyGBps), sci(r.errOurs),
                    sci(r.errSimple), sci(r.errCudnn), Arrays.toString(r.cudnnAlgos), quote(r.plan),
                    r.error == null ? "null" : quote(r.error)));
            b.append(i + 1 < results.size() ? ",\n" : "\n");
        }
        return b.append("  }\n}\n").toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.5f", v);
    }

    /** An error in JSON: a number, or "Infinity" (NaN in the output) as a string. */
    private static String sci(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3e", v) : quote(Double.toString(v));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
