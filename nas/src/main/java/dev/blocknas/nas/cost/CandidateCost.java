package dev.blocknas.nas.cost;

/** What one candidate of a block (or the fixed part of a network) costs; latency NaN when not measured. */
public record CandidateCost(long params, long flops, double latencyMs) {}
