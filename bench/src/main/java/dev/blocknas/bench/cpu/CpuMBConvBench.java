package dev.blocknas.bench.cpu;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;
import dev.blocknas.tensor.ops.Linalg;
import dev.blocknas.tensor.ops.Normalization;
import dev.blocknas.tensor.ops.Pooling;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One host training step (forward and backward, no optimizer) of a whole MBConv cell: 1x1 expansion, BN,
 * activation, k x k depthwise, BN, activation, optional squeeze-and-excitation, 1x1 projection, BN, residual
 * when shapes allow; loss = mean(y^2). Cells: the three of ../shared/reference/torch_anchor.py (ReLU6) and an
 * MNIST-sized one with swish and SE. FLOP are dominated by 3x the forward convolutions (see CpuConvBench).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuMBConvBench {
    /** cin:cout:H:k:expansion:stride:SE with swish (1) or ReLU6 (0); colons so that {@code -p cell=...} takes one. */
    @Param({"40:40:28:5:6:1:0", "24:40:56:7:3:2:0", "32:32:32:3:6:1:0", "24:24:14:5:6:1:1"})
    String cell;

    @Param({"16"})
    int n;

    private final List<Tensor> owned = new ArrayList<>();
    private final List<Tensor> params = new ArrayList<>();
    Tensor x;
    Tensor w1, wd, w3, wr, br, we, be;
    Tensor[] bn1, bn2, bn3;
    int k;
    int stride;
    boolean se;
    boolean residual;

    @Setup(Level.Trial)
    public void setup() {
        String[] f = cell.split(":");
        int cin = Integer.parseInt(f[0]);
        int cout = Integer.parseInt(f[1]);
        int h = Integer.parseInt(f[2]);
        k = Integer.parseInt(f[3]);
        int m = cin * Integer.parseInt(f[4]);
        stride = Integer.parseInt(f[5]);
        se = f[6].equals("1");
        residual = stride == 1 && cin == cout;
        Rng rng = new Rng(5);
        x = own(Tensor.randn(rng, Device.CPU, n, cin, h, h));
        w1 = param(Tensor.randn(rng, 0f, (float) Math.sqrt(2.0 / m), Device.CPU, m, cin, 1, 1));
        wd = param(Tensor.randn(rng, 0f, (float) Math.sqrt(2.0 / (k * k)), Device.CPU, m, 1, k, k));
        w3 = param(Tensor.randn(rng, 0f, (float) Math.sqrt(1.0 / m), Device.CPU, cout, m, 1, 1));
        bn1 = bn(m);
        bn2 = bn(m);
        bn3 = bn(cout);
        if (se) {
            int r = Math.max(1, cin / 4);
            wr = param(Tensor.randn(rng, 0f, (float) Math.sqrt(1.0 / m), Device.CPU, r, m));
            br = param(Tensor.zeros(Device.CPU, r));
            we = param(Tensor.randn(rng, 0f, (float) Math.sqrt(1.0 / r), Device.CPU, m, r));
            be = param(Tensor.zeros(Device.CPU, m));
        }
    }

    /**
     * A set-up cell outside JMH (the peer runner times it beside DJL's): {@code cell} as in {@link #cell}, {@code n}
     * images. {@link #tearDown} frees it.
     */
    public static CpuMBConvBench of(String cell, int n) {
        CpuMBConvBench b = new CpuMBConvBench();
        b.cell = cell;
        b.n = n;
        b.setup();
        return b;
    }

    /** Elements of every trainable tensor of the cell. */
    public long parameterCount() {
        long c = 0;
        for (Tensor p : params) c += p.numel();
        return c;
    }

    private Tensor own(Tensor t) {
        owned.add(t.persist());
        return t;
    }

    private Tensor param(Tensor t) {
        params.add(t);
        return own(t.requiresGrad(true));
    }

    private Tensor[] bn(int c) {
        return new Tensor[] {param(Tensor.ones(Device.CPU, c)), param(Tensor.zeros(Device.CPU, c)),
                own(Tensor.zeros(Device.CPU, c)), own(Tensor.ones(Device.CPU, c))};
    }

    private Tensor norm(Tensor h, Tensor[] p) {
        return Normalization.batchNorm2d(h, p[0], p[1], p[2], p[3], true, 0.1f, 1e-5f);
    }

    private Tensor act(Tensor h) {
        return se ? h.silu() : h.relu6();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : owned) t.close();
    }

    @Benchmark
    public float trainStep() {
        try (dev.blocknas.tensor.Scope scope = dev.blocknas.tensor.Scope.open()) {
            for (Tensor p : params) p.zeroGrad();
            Tensor h = act(norm(Convolutions.conv2d(x, w1, null, 1, 0, 1, 1), bn1));
            h = act(norm(Convolutions.depthwiseConv2d(h, wd, stride, k / 2), bn2));
            if (se) {
                Tensor s = Pooling.globalAvgPool(h).flatten(1);
                s = Linalg.linear(Linalg.linear(s, wr, br).silu(), we, be).sigmoid();
                h = h.mul(s.reshape(s.dim(0), s.dim(1), 1, 1));
            }
            Tensor y = norm(Convolutions.conv2d(h, w3, null, 1, 0, 1, 1), bn3);
            if (residual) y = y.add(x);
            Tensor loss = y.square().mean();
            loss.backward();
            return loss.item();
        }
    }
}
