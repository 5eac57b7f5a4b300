package dev.blocknas.bench.cpu;

import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;
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
 * Host batch norm (training forward, backward) and the activations that follow it in an MBConv cell
 * (ReLU6, swish, forward and gradient), each through the backend on preallocated tensors. These are memory
 * bound: report GB/s as (tensors read + written) * 4 bytes / time, e.g. BN forward reads x three times and
 * writes y once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuBatchNormBench {
    /** channels:H of the expanded activations of the first reference cell and an MNIST-sized one. */
    @Param({"240:28", "144:14"})
    String shape;

    @Param({"bnForward", "bnBackward", "relu6", "relu6Gradient", "silu", "siluGradient"})
    String op;

    @Param({"16"})
    int n;

    Tensor x;
    Tensor y;
    Tensor g;
    Tensor gx;
    Tensor[] stats;
    Backend be;

    @Setup(Level.Trial)
    public void setup() {
        String[] f = shape.split(":");
        int c = Integer.parseInt(f[0]);
        int h = Integer.parseInt(f[1]);
        Rng rng = new Rng(11);
        x = Tensor.randn(rng, Device.CPU, n, c, h, h).persist();
        g = Tensor.randn(rng, Device.CPU, n, c, h, h).persist();
        y = Tensor.zeros(Device.CPU, n, c, h, h).persist();
        gx = Tensor.zeros(Device.CPU, n, c, h, h).persist();
        stats = new Tensor[8];
        for (int i = 0; i < stats.length; i++) stats[i] = Tensor.ones(Device.CPU, c).persist();
        be = x.backend();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[] {x, y, g, gx}) t.close();
        for (Tensor t : stats) t.close();
    }

    @Benchmark
    public Tensor run() {
        Tensor[] s = stats;
        switch (op) {
            case "bnForward" -> be.batchNormTraining(x, s[0], s[1], s[2], s[3], 0.1f, 1e-5f, y, s[4], s[5]);
            case "bnBackward" -> be.batchNormBackward(x, g, s[0], s[4], s[5], gx, s[6], s[7]);
            case "relu6" -> be.unary(UnaryOp.RELU6, 0f, x, y);
            case "relu6Gradient" -> be.unaryBackward(UnaryOp.RELU6, 0f, x, y, g, gx);
            case "silu" -> be.unary(UnaryOp.SILU, 0f, x, y);
            default -> be.unaryBackward(UnaryOp.SILU, 0f, x, y, g, gx);
        }
        return y;
    }
}
