package dev.blocknas.tensor;

/** Reductions along one axis. */
public enum ReduceOp {
    SUM,
    MEAN,
    MAX
}
