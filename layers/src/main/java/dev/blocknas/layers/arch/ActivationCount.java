package dev.blocknas.layers.arch;

/**
 * How many values the convolutions of a network produce for one image, from the architecture alone: every
 * convolution's output (the stem, each cell's expansion, depthwise and projection, the head's 1x1) and the
 * input itself. Squeeze-excite vectors, pooling and the logits are a few values per channel and are left out.
 * Counted in doubles so that absurd architectures give a large number instead of an overflow.
 *
 * @param total   values of all those tensors together: what a training step keeps for the backward pass
 * @param largest values of the largest single one: what inference holds at its peak, with its input
 */
public record ActivationCount(double total, double largest) {

    /** The counts for a square {@code resolution} x {@code resolution} input of {@code inChannels}. */
    public static ActivationCount of(Architecture arch, int inChannels, int resolution) {
        Architecture.Layout layout = arch.layout(inChannels);
        Sum sum = new Sum();
        int h = resolution;
        sum.add((double) inChannels * h * h);
        if (arch.stem() != null) {
            h = Flops.out(h, 3, arch.stem().stride());
            sum.add((double) arch.stem().outChannels() * h * h);
        }
        for (Architecture.ResolvedCell c : layout.cells()) {
            CellSpec s = c.spec();
            if (s.isSkip()) continue;
            double mid = (double) c.inChannels() * s.expansion();
            if (s.expansion() != 1) sum.add(mid * h * h);
            h = Flops.out(h, s.kernel(), s.stride());
            sum.add(mid * h * h);
            sum.add((double) s.outChannels() * h * h);
        }
        if (arch.head() != null) sum.add((double) arch.head().outChannels() * h * h);
        return new ActivationCount(sum.total, sum.largest);
    }

    private static final class Sum {
        double total;
        double largest;

        void add(double values) {
            total += values;
            largest = Math.max(largest, values);
        }
    }
}
