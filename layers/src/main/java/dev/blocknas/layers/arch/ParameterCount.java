package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.SqueezeExcite;

/**
 * Exact numbers of trainable parameters computed from an architecture alone (no network is built): the
 * same number {@link dev.blocknas.layers.nn.Module#parameterCount()} gives for the built network. Batch-norm
 * running statistics are buffers, not parameters, and are not counted.
 */
public final class ParameterCount {
    private ParameterCount() {}

    /** Parameters of the whole network. */
    public static long of(Architecture arch, int inChannels, int numClasses) {
        Architecture.Layout layout = arch.layout(inChannels);
        long n = 0;
        if (arch.stem() != null) n += stem(inChannels, arch.stem());
        for (Architecture.ResolvedCell c : layout.cells()) n += cell(c.inChannels(), c.spec());
        return n + head(layout.features(), arch.head(), numClasses);
    }

    /** Parameters of the whole network given as a string. */
    public static long of(String arch, int inChannels, int numClasses) {
        return of(ArchitectureCodec.decode(arch), inChannels, numClasses);
    }

    /** The stem: 3x3 conv without bias, batch norm. */
    public static long stem(int inChannels, StemSpec s) {
        long c = s.outChannels();
        return inChannels * c * 9 + 2 * c;
    }

    /** One cell taking {@code inChannels} (0 for a skip). */
    public static long cell(int inChannels, CellSpec s) {
        if (s.isSkip()) return 0;
        long in = inChannels;
        long mid = in * s.expansion();
        long out = s.outChannels();
        long n = 0;
        if (s.expansion() != 1) n += in * mid + 2 * mid; // conv_pw, bn1
        n += mid * s.kernel() * s.kernel() + 2 * mid; // conv_dw, bn2
        if (s.hasSe()) {
            long rd = SqueezeExcite.reducedChannels(s.seRatio(), inChannels);
            n += mid * rd + rd + rd * mid + mid; // conv_reduce, conv_expand (with biases)
        }
        return n + mid * out + 2 * out; // conv_pwl, bn3
    }

    /** The head on {@code features} channels (null: classifier only). */
    public static long head(int features, HeadSpec h, int numClasses) {
        long n = 0;
        long f = features;
        if (h != null) {
            n += f * h.outChannels() + 2L * h.outChannels();
            f = h.outChannels();
        }
        return n + f * numClasses + numClasses;
    }
}
