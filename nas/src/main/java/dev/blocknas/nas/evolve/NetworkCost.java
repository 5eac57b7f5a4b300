package dev.blocknas.nas.evolve;

/** What a whole network costs, stem and head included; latency NaN when not measured. */
public record NetworkCost(long params, long flops, double latencyMs) {}
