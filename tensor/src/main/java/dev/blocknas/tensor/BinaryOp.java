package dev.blocknas.tensor;

/** Elementwise functions of two tensors of one (broadcast) shape. */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    DIV,
    /** 1 where a == b, else 0 (no gradient). */
    EQ
}
