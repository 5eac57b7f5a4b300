package dev.blocknas.bench.cpu;

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
 * One host training step of a whole network (forward, cross-entropy, backward, SGD update) at batch 64, for the
 * networks of {@link NetworkWorkload}: the issue-10 teacher (k5), today's default teacher (k3), both on 28x28x1,
 * and a mid-sized network of the {@code cifar} space on 32x32x3. This is the number the CPU work of issue 10 is
 * judged by; the per-op split of the same step is {@link CpuStepProfile}, and the same step in DJL with the
 * PyTorch engine is the {@code peers} profile's runner.
 *
 * <p>A step takes a few hundred milliseconds to seconds, so iterations are long (10 s) and few: the
 * measurement is meant to see a change of a few percent, not to resolve JIT noise of a microbenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx3g"})
public class CpuNetworkStepBench {
    /** A {@link NetworkWorkload#key()}. */
    @Param({"teacher-k5", "teacher-k3", "cifar-mid", "search-chosen"})
    String net;

    @Param({"64"})
    int batch;

    private NetworkStep step;

    @Setup(Level.Trial)
    public void setup() {
        step = new NetworkStep(NetworkWorkload.of(net), batch, 7);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
    }

    @Benchmark
    public float trainStep() {
        return step.step();
    }
}
