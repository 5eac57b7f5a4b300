package dev.blocknas.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits loops across the cores: the calling thread and {@code threads() - 1} workers take the chunks of a loop
 * from a shared counter. A training step of a small network runs thousands of such loops of a few tens of
 * microseconds each, so the workers spin for the next loop a while before they park: waking a parked thread
 * costs about as much as one loop (with a fork-join pool, about a quarter of a step's wall time had no thread
 * running). Loops started inside a loop body, or by a second thread while a loop runs, run inline, so nested
 * loops (a GEMM inside a per-image convolution loop) do not oversubscribe. The chunk bounds depend only on the
 * loop's size and grain, never on which thread runs a chunk, so per-chunk partial sums stay deterministic.
 */
public final class Parallel {
    /** A loop body over [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private static final int THREADS = Math.max(1,
            Integer.getInteger("blocknas.cpu.threads", Runtime.getRuntime().availableProcessors()));
    /** How long an idle worker spins for the next loop before it parks. */
    private static final long SPIN_NANOS = Long.getLong("blocknas.cpu.spinMicros", 200) * 1000;
    private static final Team TEAM = THREADS > 1 ? new Team(THREADS - 1) : null;

    private Parallel() {}

    /** Number of threads loops are split over. */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over [0, n) in chunks of at least {@code grain} iterations, in parallel when there is
     * enough work and no loop of this thread (or another thread's) is already running.
     */
    public static void range(int n, int grain, Range body) {
        if (n <= 0) return;
        int chunks = Math.min(THREADS * 4, (n + Math.max(1, grain) - 1) / Math.max(1, grain));
        if (chunks <= 1 || TEAM == null || !TEAM.run(n, chunks, body)) body.run(0, n);
    }

    /** Runs exactly {@code parts} bodies, one per part index, in parallel (for per-thread partial sums). */
    public static void parts(int parts, java.util.function.IntConsumer body) {
        range(parts, 1, (from, to) -> {
            for (int i = from; i < to; i++) body.accept(i);
        });
    }

    /** One loop: its chunks are claimed from {@code next}; {@code finished} counts the ones done. */
    private static final class Job {
        final int n;
        final int chunks;
        /** Cleared once every chunk is done, so that a worker's last-seen job keeps no arrays reachable. */
        Range body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        volatile Throwable error;

        Job(int n, int chunks, Range body) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                try {
                    if (error == null) body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
                } catch (Throwable t) {
                    if (error == null) error = t;
                } finally {
                    finished.incrementAndGet();
                }
            }
        }
    }

    private static final class Team {
        private final ReentrantLock lock = new ReentrantLock();
        private final Worker[] workers;
        private volatile Job current;

        Team(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        /** Runs the loop with the workers; false when this thread must run it inline instead. */
        boolean run(int n, int chunks, Range body) {
            if (Thread.currentThread() instanceof Worker || lock.isHeldByCurrentThread() || !lock.tryLock()) {
                return false;
            }
            try {
                Job job = new Job(n, chunks, body);
                current = job;
                for (Worker w : workers) {
                    if (w.parked) LockSupport.unpark(w);
                }
                job.work();
                // The other chunks are running on workers now: wait for them, briefly spinning.
                long start = System.nanoTime();
                while (job.finished.get() < chunks) {
                    if (System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
                    else LockSupport.parkNanos(20_000);
                }
                // Every chunk is claimed and done: no worker reads the body again.
                job.body = null;
                Throwable t = job.error;
                if (t instanceof RuntimeException e) throw e;
                if (t instanceof Error e) throw e;
                if (t != null) throw new IllegalStateException(t);
                return true;
            } finally {
                // The finished loop's body holds its arrays: do not keep them reachable until the next loop.
                current = null;
                lock.unlock();
            }
        }
    }

    private static final class Worker extends Thread {
        private final Team team;
        volatile boolean parked;

        Worker(Team team, int index) {
            super("blocknas-cpu-" + index);
            this.team = team;
            setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            while (true) {
                Job job = team.current;
                if (job != null && job != seen) {
                    seen = job;
                    job.work();
                    continue;
                }
                // Wait for current to change from what was just read (no loop, or the one already done).
                long start = System.nanoTime();
                while (team.current == job) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                        continue;
                    }
                    // Dekker with run(): either it sees parked and unparks us, or we see its new job.
                    parked = true;
                    if (team.current == job) LockSupport.park(this);
                    parked = false;
                }
            }
        }
    }
}
