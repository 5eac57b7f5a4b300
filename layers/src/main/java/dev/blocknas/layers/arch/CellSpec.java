package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.Activation;

/**
 * One cell of an architecture: an inverted residual (MBConv) with its kernel, expansion, output channels,
 * stride, squeeze-excite ratio (0 for none) and activation, or the identity {@link #SKIP}.
 *
 * <p>Limits, those of the string form: kernel 3, 5 or 7; expansion and channels at least 1; stride 1 or 2;
 * squeeze-excite ratio 0 or in (0, 1]; activation relu, relu6, swish or hard swish.
 */
public record CellSpec(Kind kind, int kernel, int expansion, int outChannels, int stride, double seRatio,
                       Activation activation) {

    /** Cell types. */
    public enum Kind {
        /** Inverted residual (MBConv). */
        IR,
        /** Identity. */
        SKIP
    }

    /** The identity cell ({@code skip}). */
    public static final CellSpec SKIP = new CellSpec(Kind.SKIP, 0, 0, 0, 1, 0, Activation.IDENTITY);

    public CellSpec {
        if (kind == null) throw new IllegalArgumentException("a cell needs a kind");
        if (kind == Kind.IR) {
            String why = firstProblem(kernel, expansion, outChannels, stride, seRatio, activation);
            if (why != null) throw new IllegalArgumentException("invalid MBConv cell: " + why);
        } else
            if (kernel != 0 || expansion != 0 || outChannels != 0 || stride != 1 || seRatio != 0
                    || activation != Activation.IDENTITY) {
                        throw new IllegalArgumentException("use CellSpec.SKIP for the identity cell");
                    }
    }

    /** An MBConv cell. */
    public static CellSpec ir(int kernel, int expansion, int outChannels, int stride, double seRatio,
                              Activation activation) {
        return new CellSpec(Kind.IR, kernel, expansion, outChannels, stride, seRatio, activation);
    }

    /** An MBConv cell without squeeze-excite, with swish. */
    public static CellSpec ir(int kernel, int expansion, int outChannels, int stride) {
        return ir(kernel, expansion, outChannels, stride, 0, Activation.SWISH);
    }

    public boolean isSkip() {
        return kind == Kind.SKIP;
    }

    public boolean hasSe() {
        return seRatio > 0;
    }

    static String kernelProblem(int k) {
        return k == 3 || k == 5 || k == 7 ? null : "kernel must be 3, 5 or 7";
    }

    static String expansionProblem(int e) {
        return e >= 1 ? null : "expansion must be at least 1";
    }

    static String channelsProblem(int c) {
        return c >= 1 ? null : "output channels must be at least 1";
    }

    static String strideProblem(int s) {
        return s == 1 || s == 2 ? null : "stride must be 1 or 2";
    }

    static String seProblem(double r) {
        return r == 0 || (r > 0 && r <= 1) ? null : "squeeze-excite ratio must be in (0, 1]";
    }

    static String activationProblem(Activation a) {
        return a.inCells() ? null : "activation must be " + Activation.cellTokens();
    }

    private static String firstProblem(int k, int e, int c, int s, double se, Activation a) {
        for (String p : new String[] {kernelProblem(k), expansionProblem(e), channelsProblem(c), strideProblem(s),
                seProblem(se),
                activationProblem(a)}) {
            if (p != null) return p;
        }
        return null;
    }

    @Override
    public String toString() {
        return ArchitectureCodec.encodeCell(this);
    }
}
