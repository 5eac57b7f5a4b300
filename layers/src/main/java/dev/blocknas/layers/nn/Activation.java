package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Tensor;

import java.util.Locale;

/** Elementwise activations, with the token each has in architecture strings. */
public enum Activation {
    RELU("relu"),
    RELU6("relu6"),
    /** x * sigmoid(x), also called SiLU; the default of EfficientNet and DNA. */
    SWISH("swish"),
    /** x * relu6(x + 3) / 6. */
    HARD_SWISH("hswish"),
    SIGMOID("sigmoid"),
    IDENTITY("identity");

    private final String token;

    Activation(String token) {
        this.token = token;
    }

    /** The lower-case name used in architecture strings ({@code relu}, {@code relu6}, {@code swish}, {@code hswish}, ...). */
    public String token() {
        return token;
    }

    /** The activation whose {@link #token()} is {@code token}, or null. */
    public static Activation fromToken(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        for (Activation a : values()) if (a.token.equals(t)) return a;
        return null;
    }

    /** Applies the activation ({@link #IDENTITY} returns {@code x} itself). */
    public Tensor apply(Tensor x) {
        return switch (this) {
            case RELU -> x.relu();
            case RELU6 -> x.relu6();
            case SWISH -> x.silu();
            case HARD_SWISH -> x.hardSwish();
            case SIGMOID -> x.sigmoid();
            case IDENTITY -> x;
        };
    }
}
