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
 * <p>Arrays handed out are zeroed, as a new {@code float[]} is, so the contents every kernel sees are exactly
 * those it saw before the pool existed. Exact lengths (not size classes) keep {@code data.length == numel} as
 * before. The bytes kept are bounded: when a freed array would take the cache past the
 * limit, the whole cache is dropped to the collector first, so a new set of shapes (another network, another
 * phase of a search) replaces the old one rather than piling up on it, and an allocation that finds the heap
 * full drops the cache and tries again. Thread-safe; the lock is held only to
 * move an array reference, never while zeroing.
 */
final class ArrayPool {
    private final long limitBytes;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private long cachedBytes;
    private long hits;

    /** A pool that keeps at most {@code limitBytes} of freed arrays. */
    ArrayPool(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** A zeroed array of exactly {@code numel} floats, reused when one is cached. */
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
        if (a == null) return fresh(numel);
        Arrays.fill(a, 0f);
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
