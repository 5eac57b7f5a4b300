package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.SqueezeExcite;

/**
 * Multiply-adds of one image through a network, from the architecture alone: every convolution
 * (H_out * W_out * C_out * C_in / groups * k * k, squeeze-excite convs included at 1x1) and the classifier
 * (in * classes). Batch norm, activations, pooling, biases, the gate multiply and residual adds are not
 * counted, as in the FLOPs figures of the EfficientNet and DNA papers.
 */
public final class Flops {
    private Flops() {}

    /** Multiply-adds for a square {@code resolution} x {@code resolution} input. */
    public static long of(Architecture arch, int inChannels, int numClasses, int resolution) {
        return of(arch, inChannels, numClasses, resolution, resolution);
    }

    /** Multiply-adds of the string form for a square input. */
    public static long of(String arch, int inChannels, int numClasses, int resolution) {
        return of(ArchitectureCodec.decode(arch), inChannels, numClasses, resolution, resolution);
    }

    /** Multiply-adds for a {@code height} x {@code width} input. */
    public static long of(Architecture arch, int inChannels, int numClasses, int height, int width) {
        if (height < 1 || width < 1)
            throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
        Architecture.Layout layout = arch.layout(inChannels);
        long n = 0;
        int h = height;
        int w = width;
        if (arch.stem() != null) {
            n += stem(inChannels, arch.stem(), h, w);
            h = out(h, 3, arch.stem().stride());
            w = out(w, 3, arch.stem().stride());
        }
        for (Architecture.ResolvedCell c : layout.cells()) {
            n += cell(c.inChannels(), c.spec(), h, w);
            if (!c.spec().isSkip()) {
                h = out(h, c.spec().kernel(), c.spec().stride());
                w = out(w, c.spec().kernel(), c.spec().stride());
            }
        }
        return n + head(layout.features(), arch.head(), numClasses, h, w);
    }

    /** Output size of a k x k convolution with padding k / 2 and stride s on {@code in} pixels. */
    static int out(int in, int kernel, int stride) {
        return (in + 2 * (kernel / 2) - kernel) / stride + 1;
    }

    /** The stem on an {@code h} x {@code w} input. */
    public static long stem(int inChannels, StemSpec s, int h, int w) {
        long ho = out(h, 3, s.stride());
        long wo = out(w, 3, s.stride());
        return ho * wo * s.outChannels() * inChannels * 9;
    }

    /** One cell on an {@code h} x {@code w} input of {@code inChannels}. */
    public static long cell(int inChannels, CellSpec s, int h, int w) {
        if (s.isSkip()) return 0;
        long in = inChannels;
        long mid = in * s.expansion();
        long ho = out(h, s.kernel(), s.stride());
        long wo = out(w, s.kernel(), s.stride());
        long n = 0;
        if (s.expansion() != 1) n += (long) h * w * mid * in;
        n += ho * wo * mid * s.kernel() * s.kernel();
        if (s.hasSe()) n += 2 * mid * SqueezeExcite.reducedChannels(s.seRatio(), inChannels);
        return n + ho * wo * s.outChannels() * mid;
    }

    /** The head on {@code features} channels at {@code h} x {@code w}. */
    public static long head(int features, HeadSpec hs, int numClasses, int h, int w) {
        long f = features;
        long n = 0;
        if (hs != null) {
            n += (long) h * w * hs.outChannels() * f;
            f = hs.outChannels();
        }
        return n + f * numClasses;
    }
}
