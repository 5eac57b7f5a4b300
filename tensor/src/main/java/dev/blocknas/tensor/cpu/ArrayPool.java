package dev.blocknas.tensor.cpu;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Freed host arrays kept by exact length for the next storage of that size. A training step allocates the
 * same shapes every time, so after the first step nearly every allocation is served from here: without it a
 * step of a small network asked the JVM for about a gigabyte of new arrays, and the collector and the page
 * faults of fresh heap took a large share of the step's time.
 *
 * <p>Arrays handed out are not cleared: a storage's contents are undefined, as on the GPU ({@link
 * dev.blocknas.tensor.Tensor#empty}), and every kernel writes each element of its output before it reads it.
 * Clearing them cost an eighth of a small network's training step. {@code -Dblocknas.cpu.poison=true} fills
 * every array handed out, new or reused, with NaN instead, so that a kernel that reads what it has not written
 * shows up as NaN in the tests (the whole suite passes so, and {@code PoisonedStorageTest} trains with it).
 * Exact lengths (not size classes) keep {@code data.length == numel} as before. The bytes kept are bounded: when
 * a freed array would take the cache past the limit, the whole cache is dropped to the collector first, so a new
 * set of shapes (another network, another phase of a search) replaces the old one rather than piling up on it,
 * and an allocation that finds the heap full drops the cache and tries again. Thread-safe; the lock is held only
 * to move an array reference.
 */
final class ArrayPool {
    private final long limitBytes;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long cachedBytes;
    private long hits;

    private volatile boolean poison;

    /** A pool that keeps at most {@code limitBytes} of freed arrays; {@code poison} fills them with NaN. */
    ArrayPool(long limitBytes, boolean poison) {
        this.limitBytes = limitBytes;
        this.poison = poison;
    }

    /** An array of exactly {@code numel} floats with undefined contents, reused when one is cached. */
    float[] take(int numel) {
        float[] a = null;
        synchronized (this) {
            ArrayDeque<float[]> q = free.get(numel);
            if (q != null) a = q.pollLast();
            if (a != null) {
                cachedBytes -= 4L * numel;
                hits++;
            }
        }
        if (a == null) a = fresh(numel);
        if (poison) Arrays.fill(a, Float.NaN);
        return a;
    }

    private float[] fresh(int numel) {
        try {
            return new float[numel];
        } catch (OutOfMemoryError e) {
            // Cached arrays of shapes no longer used must never cost a run that fitted without the pool.
            clear();
            return new float[numel];
        }
    }

    /** From now on, fills every array handed out with NaN ({@code true}) or leaves it as it is; returns the old setting. */
    boolean poison(boolean on) {
        boolean was = poison;
        poison = on;
        return was;
    }

    /** Gives {@code a} back for reuse; the caller must not touch it afterwards. */
    void give(float[] a) {
        long bytes = 4L * a.length;
        if (bytes > limitBytes || a.length == 0) return;
        synchronized (this) {
            if (cachedBytes + bytes > limitBytes) {
                free.clear();
                cachedBytes = 0;
            }
            free.computeIfAbsent(a.length, n -> new ArrayDeque<>()).addLast(a);
            cachedBytes += bytes;
        }
    }

    /** Bytes of freed arrays held for reuse. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Allocations served from the cache so far. */
    synchronized long hits() {
        return hits;
    }

    /** Drops every cached array. */
    synchronized void clear() {
        free.clear();
        cachedBytes = 0;
    }
}
