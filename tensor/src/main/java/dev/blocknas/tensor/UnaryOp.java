package dev.blocknas.tensor;

/**
 * Elementwise functions of one tensor. Some take a scalar parameter {@code alpha}
 * (the exponent of {@link #POW}, the constant of {@link #ADD_SCALAR} and {@link #MUL_SCALAR}).
 */
public enum UnaryOp {
    NEG,
    EXP,
    LOG,
    SQRT,
    ABS,
    SQUARE,
    TANH,
    /** x^alpha. */
    POW,
    /** x + alpha. */
    ADD_SCALAR,
    /** x * alpha. */
    MUL_SCALAR,
    RELU,
    RELU6,
    SIGMOID,
    /** x * sigmoid(x), also called swish. */
    SILU,
    /** x * relu6(x + 3) / 6. */
    HARD_SWISH,
    /** relu6(x + 3) / 6. */
    HARD_SIGMOID
}
