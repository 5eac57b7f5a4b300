package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;
import dev.blocknas.tensor.ops.Elementwise;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Elementwise activations, with the token each has in architecture strings. An entry is the whole definition: its
 * token, whether cells may use it, and its forward pass from tensor ops (autograd derives the gradient), so a new
 * activation is one line here.
 */
public enum Activation {
    RELU("relu", true, UnaryOp.RELU),
    RELU6("relu6", true, UnaryOp.RELU6),
    /** x * sigmoid(x), also called SiLU; the default of EfficientNet and DNA. */
    SWISH("swish", true, UnaryOp.SILU),
    /** x * relu6(x + 3) / 6. */
    HARD_SWISH("hswish", true, UnaryOp.HARD_SWISH),
    SIGMOID("sigmoid", false, UnaryOp.SIGMOID),
    IDENTITY("identity", false, x -> x);

    private final String token;
    private final boolean inCells;
    private final UnaryOperator<Tensor> forward;
    private final UnaryOp op;

    /** An activation that is one elementwise op: batch norm can run it in the same pass. */
    Activation(String token, boolean inCells, UnaryOp op) {
        this(token, inCells, x -> Elementwise.unary(op, 0f, x), op);
    }

    /** An activation composed of tensor ops. */
    Activation(String token, boolean inCells, UnaryOperator<Tensor> forward) {
        this(token, inCells, forward, null);
    }

    Activation(String token, boolean inCells, UnaryOperator<Tensor> forward, UnaryOp op) {
        this.token = token;
        this.inCells = inCells;
        this.forward = forward;
        this.op = op;
    }

    /** The elementwise op this activation is, or null when it is composed of several (or none). */
    public UnaryOp op() {
        return op;
    }

    /** The lower-case name used in architecture strings ({@code relu}, {@code relu6}, {@code swish}, {@code hswish}, ...). */
    public String token() {
        return token;
    }

    /** Whether a stem, cell or head may use it (sigmoid gates and the identity are internal). */
    public boolean inCells() {
        return inCells;
    }

    /** The tokens of the activations cells may use, for error messages: "relu, relu6, swish or hswish". */
    public static String cellTokens() {
        String all = Arrays.stream(values()).filter(Activation::inCells).map(Activation::token)
                .collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return last < 0 ? all : all.substring(0, last) + " or " + all.substring(last + 2);
    }

    /** The activation whose {@link #token()} is {@code token}, or null. */
    public static Activation fromToken(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        for (Activation a : values()) if (a.token.equals(t)) return a;
        return null;
    }

    /** Applies the activation ({@link #IDENTITY} returns {@code x} itself). */
    public Tensor apply(Tensor x) {
        return forward.apply(x);
    }
}
