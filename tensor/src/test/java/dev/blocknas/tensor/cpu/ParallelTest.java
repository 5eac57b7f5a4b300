package dev.blocknas.tensor.cpu;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The loop splitter: every index once, chunk bounds fixed by the loop alone, failures reach the caller, nested
 * and concurrent loops run correctly, and idle workers park.
 */
class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceInChunksThatDependOnlyOnTheLoop() {
        for (int n : new int[] {1, 2, 7, 8, 9, 100, 1000, 4099}) {
            for (int grain : new int[] {1, 3, 64}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Set<List<Integer>> chunks = ConcurrentHashMap.newKeySet();
                for (int rep = 0; rep < 20; rep++) {
                    Parallel.range(n, grain, (from, to) -> {
                        chunks.add(List.of(from, to));
                        for (int i = from; i < to; i++) hits.incrementAndGet(i);
                    });
                }
                for (int i = 0; i < n; i++) assertEquals(20, hits.get(i), "n " + n + " grain " + grain + " index " + i);
                int count = Math.min(Parallel.threads() * 4, (n + grain - 1) / grain);
                Set<List<Integer>> expected = new HashSet<>();
                if (count <= 1 || Parallel.threads() == 1) expected.add(List.of(0, n));
                else for (int c = 0; c < count; c++) expected.add(List.of(n * c / count, n * (c + 1) / count));
                assertEquals(expected, chunks, "the same chunks in every repetition, n " + n + " grain " + grain);
            }
        }
    }

    @Test
    void aFailingChunkThrowsInTheCallerAndTheNextLoopStillRuns() {
        IllegalStateException boom = new IllegalStateException("boom");
        for (int failing : new int[] {0, 5, 7}) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> Parallel.range(8, 1, (from, to) -> {
                        if (from == failing) throw boom;
                    }));
            assertSame(boom, thrown);
            AtomicIntegerArray hits = new AtomicIntegerArray(8);
            Parallel.range(8, 1, (from, to) -> hits.incrementAndGet(from));
            for (int i = 0; i < 8; i++) assertEquals(1, hits.get(i));
        }
        assertThrows(OutOfMemoryError.class, () -> Parallel.range(8, 1, (from, to) -> {
            if (from == 3) throw new OutOfMemoryError("test");
        }));
    }

    @Test
    void aLoopInsideALoopRunsInlineOnTheThreadOfItsChunk() {
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        List<String> wrongThread = Collections.synchronizedList(new ArrayList<>());
        Parallel.range(8, 1, (from, to) -> {
            Thread outer = Thread.currentThread();
            Parallel.range(8, 1, (f, t) -> {
                if (Thread.currentThread() != outer) wrongThread.add(f + " of chunk " + from);
                for (int i = f; i < t; i++) hits.incrementAndGet(from * 8 + i);
            });
        });
        assertEquals(List.of(), wrongThread);
        for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i));
    }

    @Test
    void loopsStartedByManyThreadsAtOnceEachRunEveryIndex() throws InterruptedException {
        int callers = 4;
        int n = 5000;
        AtomicIntegerArray hits = new AtomicIntegerArray(callers * n);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int base = c * n;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    Parallel.range(n, 16, (from, to) -> {
                        for (int i = from; i < to; i++) hits.incrementAndGet(base + i);
                    });
                }
            }));
        }
        for (Thread t : threads) t.join();
        for (int i = 0; i < callers * n; i++) assertEquals(200, hits.get(i), "index " + i);
    }

    @Test
    void idleWorkersParkInsteadOfSpinning() throws InterruptedException {
        assumeTrue(Parallel.threads() > 1, "one thread: no workers");
        Parallel.range(100, 1, (from, to) -> {});
        List<Thread> workers = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("blocknas-cpu-")) workers.add(t);
        }
        assertEquals(Parallel.threads() - 1, workers.size(), "one worker per thread beyond the caller");
        long deadline = System.nanoTime() + 5_000_000_000L;
        boolean allParked = false;
        while (!allParked && System.nanoTime() < deadline) {
            Thread.sleep(20);
            allParked = workers.stream().allMatch(t -> t.getState() == Thread.State.WAITING);
        }
        assertTrue(allParked, "workers still running 5 s after the last loop");
    }
}
