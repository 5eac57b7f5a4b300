package dev.blocknas.bench.cpu;

import dev.blocknas.tensor.cpu.Sgemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Host SGEMM, C = A * B for square n^3 products (2 n^3 FLOP a call): GFLOP/s = 2 n^3 / time.
 * Random non-zero inputs; every core of the machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CpuGemmBench {
    @Param({"1024"})
    int n;

    float[] a;
    float[] b;
    float[] c;

    /** A set-up product outside JMH (the peer runner times it beside DJL's). */
    public static CpuGemmBench of(int n) {
        CpuGemmBench b = new CpuGemmBench();
        b.n = n;
        b.setup();
        return b;
    }

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        a = new float[n * n];
        b = new float[n * n];
        c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
            b[i] = (float) r.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float[] sgemm() {
        Sgemm.gemm(false, false, n, n, n, 1f, a, 0, b, 0, 0f, c, 0);
        return c;
    }
}
