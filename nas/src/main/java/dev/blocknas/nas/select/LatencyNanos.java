package dev.blocknas.nas.select;

/**
 * Latency in whole nanoseconds: summing doubles would make "0.1 + 0.2 <= 0.3" false, and the
 * selector needs exact, order-independent sums to be exact itself. One nanosecond is far below
 * any latency measurement's noise.
 */
final class LatencyNanos {
    /** Keeps sums of many latencies far from overflowing a long. */
    static final double MAX_MS = 1e9;

    private LatencyNanos() {}

    static long of(double ms) {
        return Math.round(ms * 1e6);
    }

    static double toMs(long nanos) {
        return nanos / 1e6;
    }
}
