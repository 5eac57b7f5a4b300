package dev.blocknas.bench.cpu;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The per-op profile of one whole-network training step ({@link NetworkStep}) on the CPU, from a JFR recording
 * made and read back in the same process, so that one command reproduces it ({@code bench/scripts/profile.sh}).
 *
 * <p>For each {@link NetworkWorkload} it warms up, then records a few steps with
 * <ul>
 *   <li>{@code jdk.ExecutionSample} every {@code --period-ms} on every thread running Java, kept for the main
 *       thread and the CPU backend's workers. A sample is charged to an <em>op kind</em>: the outermost
 *       frame in {@code dev.blocknas.tensor.cpu} other than {@code CpuBackend} (the dispatcher, on the main thread
 *       only) and {@code Parallel} (the splitter), taken below the splitter where there is one, so that a chunk
 *       names the same function on the main thread and on a worker ({@code CpuConv.backwardFilter}, a lambda
 *       counted under its enclosing method). It is also charged to its leaf-most project frame (the <em>kernel</em> the cycles
 *       are spent in) and, through the {@link StepPhaseEvent} intervals, to forward, backward or optimizer;</li>
 *   <li>{@code jdk.ObjectAllocationSample}, charged to op kinds the same way (bytes allocated where);</li>
 *   <li>{@code jdk.CPULoad} each second (the JVM's and the whole machine's CPU use, which shows what other
 *       processes took).</li>
 * </ul>
 * Beside the recording it measures each step's wall time and phases, the process CPU time (so cores busy =
 * CPU / wall), the bytes allocated by all threads ({@code getTotalThreadAllocatedBytes}) and the collectors' time.
 * "Both cores busy" is the share of sampling ticks in which two or more threads were sampled in Java: a thread
 * counts as busy when runnable in Java code, whether or not the OS had it on a core, so on a loaded machine read
 * it with the CPU / wall figure.
 *
 * <p>Usage: {@code CpuStepProfile [--net KEY|all] [--warmup 3] [--steps 8] [--period-ms 10] [--out FILE.md]
 * [--jfr-dir DIR]}; run with {@code -XX:FlightRecorderOptions:stackdepth=256} or deep backward stacks are cut
 * at JFR's default 64 frames before they reach the op.
 */
public final class CpuStepProfile {
    private static final String CPU_PACKAGE = "dev.blocknas.tensor.cpu.";
    private static final String PROJECT = "dev.blocknas.";

    private CpuStepProfile() {}

    public static void main(String[] args) throws IOException {
        String which = "all";
        int warmup = 3;
        int steps = 8;
        int periodMs = 10;
        Path out = Path.of("bench/target/cpu-profile.md");
        Path jfrDir = Path.of("bench/target");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--net" -> which = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--period-ms" -> periodMs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--jfr-dir" -> jfrDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<NetworkWorkload> nets = which.equals("all") ? NetworkWorkload.ALL : List.of(NetworkWorkload.of(which));
        Files.createDirectories(jfrDir);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT,
                "Profile of %d steps after %d warm-up steps, %d ms sampling; revision %s; %d processors, CPU threads %s; "
                        + "JDK %s; load average at start %s%n%n",
                steps, warmup, periodMs, System.getProperty("blocknas.bench.revision", "unknown"),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("blocknas.cpu.threads", "(all)"), Runtime.version(), loadAverage()));
        for (NetworkWorkload w : nets) {
            String section = profile(w, warmup, steps, periodMs, jfrDir);
            System.out.print(section);
            System.out.flush();
            md.append(section);
        }
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.println("written to " + out);
    }

    private static String profile(NetworkWorkload w, int warmup, int steps, int periodMs, Path jfrDir)
            throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        try (NetworkStep step = new NetworkStep(w, NetworkWorkload.BATCH, 7)) {
            if (step.parameterCount() != w.params()) {
                throw new IllegalStateException(
                        w.key() + " built with " + step.parameterCount() + " parameters, stated " + w.params());
            }
            for (int i = 0; i < warmup; i++) step.step();
            Path jfr = jfrDir.resolve("cpu-profile-" + w.key() + ".jfr");
            long[] wall = new long[steps];
            long[] fwd = new long[steps];
            long[] bwd = new long[steps];
            long[] opt = new long[steps];
            float firstLoss;
            float lastLoss = Float.NaN;
            long cpu;
            long allocated;
            long gcCount;
            long gcMillis;
            long total;
            try (Recording rec = new Recording()) {
                rec.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(periodMs));
                rec.enable("jdk.ObjectAllocationSample").with("throttle", "2000/s");
                rec.enable("jdk.CPULoad").withPeriod(Duration.ofSeconds(1));
                rec.enable(StepPhaseEvent.class);
                rec.setToDisk(true);
                rec.start();
                long gc0 = gcCount();
                long gcMs0 = gcMillis();
                long alloc0 = threads.getTotalThreadAllocatedBytes();
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                firstLoss = Float.NaN;
                for (int i = 0; i < steps; i++) {
                    long t = System.nanoTime();
                    float loss = step.step();
                    wall[i] = System.nanoTime() - t;
                    if (i == 0) firstLoss = loss;
                    lastLoss = loss;
                    fwd[i] = step.forwardNanos;
                    bwd[i] = step.backwardNanos;
                    opt[i] = step.optimizerNanos;
                }
                total = System.nanoTime() - start;
                cpu = os.getProcessCpuTime() - cpu0;
                allocated = threads.getTotalThreadAllocatedBytes() - alloc0;
                gcCount = gcCount() - gc0;
                gcMillis = gcMillis() - gcMs0;
                rec.stop();
                rec.dump(jfr);
            }
            Samples s = Samples.read(jfr, periodMs);
            StringBuilder b = new StringBuilder();
            b.append("### ").append(w.describe()).append("\n\n");
            b.append(String.format(Locale.ROOT,
                    "- step: median %.0f ms (min %.0f, max %.0f) over %d steps: forward %.0f ms, backward %.0f ms, optimizer %.1f ms "
                            + "(medians); loss %.3f -> %.3f%n",
                    ms(median(wall)), ms(Arrays.stream(wall).min().orElse(0)), ms(Arrays.stream(wall).max().orElse(0)),
                    steps,
                    ms(median(fwd)), ms(median(bwd)), ms(median(opt)), firstLoss, lastLoss));
            b.append(String.format(Locale.ROOT,
                    "- CPU: process CPU / wall = %.2f cores busy on average; sampling ticks with at least one thread in Java %.0f%%, "
                            + "with two or more %.0f%%%n",
                    (double) cpu / total, 100.0 * s.ticksBusy(1), 100.0 * s.ticksBusy(2)));
            b.append(String.format(Locale.ROOT,
                    "- machine (jdk.CPULoad, share of all cores): this JVM %.0f%%, whole machine %.0f%%%n",
                    100 * s.jvmLoad(), 100 * s.machineLoad()));
            b.append(String.format(Locale.ROOT,
                    "- allocated: %.1f MB per step (all threads); GC: %d collections, %.1f ms per step%n%n",
                    allocated / 1e6 / steps, gcCount, (double) gcMillis / steps));
            b.append(s.opTable(steps)).append('\n');
            b.append(s.kernelTable(steps, 15)).append('\n');
            b.append(s.allocationTable(allocated / steps, 10)).append('\n');
            return b.toString();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
            n += Math.max(0, gc.getCollectionCount());
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
            n += Math.max(0, gc.getCollectionTime());
        return n;
    }

    static double ms(double nanos) {
        return nanos / 1e6;
    }

    static double median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2.0;
    }

    /** The op kind of a stack: the outermost CPU-backend function other than the dispatcher and the splitter. */
    static String opKind(RecordedStackTrace st) {
        if (st == null) return "(no stack)";
        List<RecordedFrame> frames = st.getFrames();
        if (!frames.isEmpty() && frames.get(0).getMethod().getType().getName().startsWith(CPU_PACKAGE + "Parallel"))
            return "parallel loops (spin, wait for chunks)";
        // A loop's body is named as on a worker, whose stack starts at the splitter, when the calling thread
        // runs chunks of it too: so a chunk counts under the same kind whichever thread ran it.
        int start = frames.size() - 1;
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (frames.get(i).getMethod().getType().getName().startsWith(CPU_PACKAGE + "Parallel")) {
                start = i;
                break;
            }
        }
        for (int i = start; i >= 0; i--) {
            String type = frames.get(i).getMethod().getType().getName();
            if (!type.startsWith(CPU_PACKAGE) || type.contains("$$Lambda")) continue;
            String simple = type.substring(CPU_PACKAGE.length());
            if (simple.startsWith("CpuBackend") || simple.startsWith("Parallel")) continue;
            return name(simple, frames.get(i).getMethod().getName());
        }
        // Not in a kernel: autograd bookkeeping, tensor views, the optimizer's own loop, the JDK.
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith(PROJECT) && !type.contains("$$Lambda"))
                return "other: " + name(simpleName(type), f.getMethod().getName());
        }
        if (frames.isEmpty()) return "other: ?";
        String leaf = frames.get(0).getMethod().getType().getName();
        // A pool thread between tasks: scanning, stealing, spinning before it parks.
        if (leaf.startsWith("java.util.concurrent.")) return "thread pool (scan, steal, spin)";
        return "other: " + name(simpleName(leaf), frames.get(0).getMethod().getName());
    }

    /** The leaf-most project frame of a stack (where the cycles are spent), or the leaf frame if there is none. */
    static String kernel(RecordedStackTrace st) {
        if (st == null || st.getFrames().isEmpty()) return "(no stack)";
        for (RecordedFrame f : st.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith(PROJECT) && !type.contains("$$Lambda"))
                return name(simpleName(type), f.getMethod().getName());
        }
        RecordedFrame f = st.getFrames().get(0);
        return name(f.getMethod().getType().getName(), f.getMethod().getName());
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** Class.method, with a lambda named after the method that created it and nested classes after their outer class. */
    private static String name(String simpleType, String method) {
        String m = method;
        if (m.startsWith("lambda$")) {
            int end = m.indexOf('$', 7);
            m = end > 7 ? m.substring(7, end) : m.substring(7);
        }
        int nested = simpleType.indexOf('$');
        String t = nested > 0 ? simpleType.substring(0, nested) : simpleType;
        return t + "." + m;
    }

    /** The samples of one recording, tallied. */
    static final class Samples {
        private static final List<String> PHASES = List.of("forward", "backward", "optimizer", "between");
        final Map<String, long[]> ops = new TreeMap<>();
        final Map<String, Long> kernels = new TreeMap<>();
        final Map<String, Long> allocations = new TreeMap<>();
        long samples;
        int periodMs;
        long ticks;
        final Map<Integer, Integer> threadsPerTick = new TreeMap<>();
        double jvmLoadSum;
        double machineLoadSum;
        int loadEvents;

        double ticksBusy(int atLeast) {
            if (ticks == 0) return 0;
            long n = threadsPerTick.entrySet().stream().filter(e -> e.getKey() >= atLeast)
                    .mapToLong(Map.Entry::getValue).sum();
            return Math.min(1.0, (double) n / ticks);
        }

        double jvmLoad() {
            return loadEvents == 0 ? Double.NaN : jvmLoadSum / loadEvents;
        }

        double machineLoad() {
            return loadEvents == 0 ? Double.NaN : machineLoadSum / loadEvents;
        }

        static Samples read(Path jfr, int periodMs) throws IOException {
            List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
            List<Instant[]> phases = new ArrayList<>();
            List<String> phaseNames = new ArrayList<>();
            events.stream().filter(e -> e.getEventType().getName().equals("dev.blocknas.bench.StepPhase"))
                    .sorted(Comparator.comparing(RecordedEvent::getStartTime)).forEach(e -> {
                        phases.add(new Instant[] {e.getStartTime(), e.getEndTime()});
                        phaseNames.add(e.getString("phase"));
                    });
            Samples s = new Samples();
            s.periodMs = periodMs;
            if (phases.isEmpty()) return s;
            Instant first = phases.get(0)[0];
            Instant last = phases.get(phases.size() - 1)[1];
            s.ticks = Math.max(1, Duration.between(first, last).toMillis() / periodMs);
            List<long[]> stamps = new ArrayList<>(); // {nanos since first, thread id}
            for (RecordedEvent e : events) {
                String type = e.getEventType().getName();
                if (type.equals("jdk.CPULoad")) {
                    if (e.getFloat("machineTotal") == 0) continue; // the first reading has nothing to compare with
                    s.jvmLoadSum += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                    s.machineLoadSum += e.getFloat("machineTotal");
                    s.loadEvents++;
                    continue;
                }
                boolean sample = type.equals("jdk.ExecutionSample");
                boolean alloc = type.equals("jdk.ObjectAllocationSample");
                if (!sample && !alloc) continue;
                RecordedThread t = e.getThread(sample ? "sampledThread" : "eventThread");
                if (t == null || !ours(t)) continue;
                Instant at = e.getStartTime();
                if (at.isBefore(first) || at.isAfter(last)) continue;
                String op = opKind(e.getStackTrace());
                if (alloc) {
                    s.allocations.merge(op, e.getLong("weight"), Long::sum);
                    continue;
                }
                int phase = phaseOf(phases, phaseNames, at);
                s.ops.computeIfAbsent(op, k -> new long[PHASES.size()])[phase]++;
                s.kernels.merge(kernel(e.getStackTrace()), 1L, Long::sum);
                s.samples++;
                stamps.add(new long[] {Duration.between(first, at).toNanos(), t.getId()});
            }
            // One sampler pass visits the threads within microseconds; passes are periodMs apart.
            stamps.sort(Comparator.comparingLong(a -> a[0]));
            long gap = periodMs * 1_000_000L / 2;
            Set<Long> inTick = new HashSet<>();
            long prev = Long.MIN_VALUE / 2;
            for (long[] st : stamps) {
                if (st[0] - prev > gap && !inTick.isEmpty()) {
                    s.threadsPerTick.merge(inTick.size(), 1, Integer::sum);
                    inTick.clear();
                }
                inTick.add(st[1]);
                prev = st[0];
            }
            if (!inTick.isEmpty()) s.threadsPerTick.merge(inTick.size(), 1, Integer::sum);
            return s;
        }

        private static boolean ours(RecordedThread t) {
            String n = t.getJavaName();
            return n != null && (n.equals("main") || n.startsWith("blocknas-cpu-"));
        }

        private static int phaseOf(List<Instant[]> phases, List<String> names, Instant at) {
            int lo = 0;
            int hi = phases.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                Instant[] p = phases.get(mid);
                if (at.isBefore(p[0])) hi = mid - 1;
                else if (at.isAfter(p[1])) lo = mid + 1;
                else return PHASES.indexOf(names.get(mid));
            }
            return PHASES.size() - 1;
        }

        String opTable(int steps) {
            StringBuilder b = new StringBuilder();
            b.append(
                    "| op kind (outermost CPU-backend function) | forward | backward | optimizer | between | CPU ms/step | share |\n");
            b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            Map<String, long[]> sorted = new LinkedHashMap<>();
            ops.entrySet().stream().sorted((x, y) -> Long.compare(sum(y.getValue()), sum(x.getValue())))
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            for (Map.Entry<String, long[]> e : sorted.entrySet()) {
                long[] c = e.getValue();
                b.append("| ").append(e.getKey());
                for (long v : c) b.append(String.format(Locale.ROOT, " | %.1f", (double) v * periodMs / steps));
                b.append(String.format(Locale.ROOT, " | %.1f | %.1f%% |%n", (double) sum(c) * periodMs / steps,
                        100.0 * sum(c) / Math.max(1, samples)));
            }
            b.append(String.format(Locale.ROOT, "| **all (%d samples)** | | | | | %.1f | 100%% |%n", samples,
                    (double) samples * periodMs / steps));
            return b.toString();
        }

        String kernelTable(int steps, int top) {
            StringBuilder b = new StringBuilder(
                    "| leaf-most project frame (kernel) | CPU ms/step | share |\n| --- | ---: | ---: |\n");
            kernels.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(top)
                    .forEach(e -> b.append(
                            String.format(Locale.ROOT, "| %s | %.1f | %.1f%% |%n", e.getKey(),
                                    (double) e.getValue() * periodMs / steps,
                                    100.0 * e.getValue() / Math.max(1, samples))));
            return b.toString();
        }

        /**
         * Where the bytes are allocated: the sampled weights' shares, applied to the measured bytes per step (the
         * weights alone over-count large arrays allocated outside the thread-local buffers).
         */
        String allocationTable(long measuredPerStep, int top) {
            long all = allocations.values().stream().mapToLong(Long::longValue).sum();
            StringBuilder b = new StringBuilder(
                    "| allocated by (op kind, sampled) | MB/step | share |\n| --- | ---: | ---: |\n");
            allocations.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(top)
                    .forEach(e -> {
                        double share = (double) e.getValue() / Math.max(1, all);
                        b.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f%% |%n", e.getKey(),
                                share * measuredPerStep / 1e6, 100 * share));
                    });
            return b.toString();
        }

        private static long sum(long[] v) {
            long s = 0;
            for (long x : v) s += x;
            return s;
        }
    }
}
