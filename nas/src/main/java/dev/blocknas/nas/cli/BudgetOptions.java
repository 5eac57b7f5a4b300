package dev.blocknas.nas.cli;

import dev.blocknas.nas.select.Budget;
import picocli.CommandLine.Option;

/** The budget options shared by {@code search} and {@code select} (inclusive: cost <= budget). */
final class BudgetOptions {
    @Option(names = "--max-params", description = "at most this many parameters")
    Long maxParams;

    @Option(names = "--max-flops", description = "at most this many multiply-adds")
    Long maxFlops;

    @Option(names = "--max-latency-ms", description = "at most this latency (needs measured latencies)")
    Double maxLatencyMs;

    @Option(names = "--top", defaultValue = "5",
            description = "how many of the best networks to report (default: ${DEFAULT-VALUE})")
    int top;

    Budget budget() {
        if (top < 1) throw new IllegalArgumentException("--top must be at least 1, got " + top + ".");
        return Budget.of(maxParams, maxFlops, maxLatencyMs);
    }
}
