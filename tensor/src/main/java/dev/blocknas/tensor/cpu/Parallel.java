package dev.blocknas.tensor.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits loops across the cores. Work already running on a pool thread runs inline, so nested parallel
 * loops (a GEMM inside a per-image convolution loop) do not oversubscribe.
 */
public final class Parallel {
    /** A loop body over [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final int THREADS = Integer.getInteger("blocknas.cpu.threads",
            Runtime.getRuntime().availableProcessors());
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, THREADS),
            ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, false);

    private Parallel() {}

    /** Number of threads loops are split over. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over [0, n) in chunks of at least {@code grain} iterations, in parallel when there is
     * enough work and we are not already on a pool thread.
     */
    public static void range(int n, int grain, Range body) {
        if (n <= 0) return;
        int chunks = Math.min(THREADS * 4, (n + Math.max(1, grain) - 1) / Math.max(1, grain));
        if (chunks <= 1 || THREADS == 1 || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        List<RecursiveAction> tasks = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks);
            int to = (int) ((long) n * (c + 1) / chunks);
            tasks.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
            });
        }
        POOL.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }

    /** Runs exactly {@code parts} bodies, one per part index, in parallel (for per-thread partial sums). */
    public static void parts(int parts, java.util.function.IntConsumer body) {
        range(parts, 1, (from, to) -> {
            for (int i = from; i < to; i++) body.accept(i);
        });
    }
}
