package dev.blocknas.bench.cpu;

import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Host depthwise convolution, each pass on its own through the backend (no autograd, outputs preallocated):
 * the depthwise layers of the three reference MBConv cells (see CpuConvBench) and an MNIST-sized one.
 * FLOP per call, any pass: 2 * N * C * Ho * Wo * k * k.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuDepthwiseBench {
    /** channels:H:k:stride. */
    @Param({"240:28:5:1", "72:56:7:2", "192:32:3:1", "144:14:3:2"})
    String shape;

    @Param({"forward", "data", "filter"})
    String pass;

    @Param({"16"})
    int n;

    Tensor x;
    Tensor w;
    Tensor y;
    Tensor gx;
    Tensor gw;
    int stride;
    int padding;
    Backend be;

    @Setup(Level.Trial)
    public void setup() {
        String[] f = shape.split(":");
        int c = Integer.parseInt(f[0]);
        int h = Integer.parseInt(f[1]);
        int k = Integer.parseInt(f[2]);
        stride = Integer.parseInt(f[3]);
        padding = k / 2;
        int ho = (h + 2 * padding - k) / stride + 1;
        Rng rng = new Rng(7);
        x = Tensor.randn(rng, Device.CPU, n, c, h, h).persist();
        w = Tensor.randn(rng, Device.CPU, c, 1, k, k).persist();
        y = Tensor.randn(rng, Device.CPU, n, c, ho, ho).persist();
        gx = Tensor.zeros(Device.CPU, n, c, h, h).persist();
        gw = Tensor.zeros(Device.CPU, c, 1, k, k).persist();
        be = x.backend();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[] {x, w, y, gx, gw}) t.close();
    }

    @Benchmark
    public Tensor run() {
        switch (pass) {
            case "forward" -> be.depthwiseConv2d(x, w, stride, padding, y);
            case "data" -> be.depthwiseConv2dBackwardData(y, w, stride, padding, gx);
            default -> be.depthwiseConv2dBackwardFilter(x, y, stride, padding, gw);
        }
        return y;
    }
}
