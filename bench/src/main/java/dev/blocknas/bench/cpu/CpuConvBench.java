package dev.blocknas.bench.cpu;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;
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
 * Host forward convolutions of the three MBConv cells of the PyTorch reference workloads
 * (../shared/reference/torch_anchor.py: N128 40->40 H28 k5 e6 s1, N128 24->40 H56 k7 e3 s2,
 * N256 32->32 H32 k3 e6 s1): the 1x1 expansion, the k x k depthwise and the 1x1 projection.
 * The batch is {@code n} (smaller than the GPU reference so a 2-core run finishes); FLOP per call:
 * expand 2*N*H*W*Cin*M, depthwise 2*N*M*Ho*Wo*k*k, project 2*N*Ho*Wo*M*Cout with M = Cin*e.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuConvBench {
    /** cin, cout, H, k, e, stride of each reference cell. */
    @Param({"40,40,28,5,6,1", "24,40,56,7,3,2", "32,32,32,3,6,1"})
    String cell;

    @Param({"expand", "depthwise", "project"})
    String part;

    @Param({"16"})
    int n;

    Tensor input;
    Tensor weight;
    int stride;
    int padding;

    @Setup(Level.Trial)
    public void setup() {
        String[] f = cell.split(",");
        int cin = Integer.parseInt(f[0]);
        int cout = Integer.parseInt(f[1]);
        int h = Integer.parseInt(f[2]);
        int k = Integer.parseInt(f[3]);
        int e = Integer.parseInt(f[4]);
        int s = Integer.parseInt(f[5]);
        int m = cin * e;
        int ho = (h + 2 * (k / 2) - k) / s + 1;
        Rng rng = new Rng(3);
        switch (part) {
            case "expand" -> {
                input = Tensor.randn(rng, Device.CPU, n, cin, h, h).persist();
                weight = Tensor.randn(rng, Device.CPU, m, cin, 1, 1).persist();
                stride = 1;
                padding = 0;
            }
            case "depthwise" -> {
                input = Tensor.randn(rng, Device.CPU, n, m, h, h).persist();
                weight = Tensor.randn(rng, Device.CPU, m, 1, k, k).persist();
                stride = s;
                padding = k / 2;
            }
            default -> {
                input = Tensor.randn(rng, Device.CPU, n, m, ho, ho).persist();
                weight = Tensor.randn(rng, Device.CPU, cout, m, 1, 1).persist();
                stride = 1;
                padding = 0;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.close();
        weight.close();
    }

    @Benchmark
    public float forward() {
        try (Autograd.Mode ng = Autograd.noGrad();
                Tensor y = Convolutions.conv2d(input, weight, null, stride, padding, 1,
                        part.equals("depthwise") ? input.dim(1) : 1)) {
            return y.get(0, 0, 0, 0);
        }
    }
}
