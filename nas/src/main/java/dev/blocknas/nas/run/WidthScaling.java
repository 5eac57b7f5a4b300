package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.HeadSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Widens a network into DNA+'s next teacher: every cell's and the head's width multiplied, rounded to a
 * multiple of 4 (at least 4). The stem, the stages, strides, kernels, expansions and skips stay, so the
 * teacher still lines up with the space's blocks.
 */
public final class WidthScaling {
    private WidthScaling() {}

    /**
     * @throws IllegalArgumentException when {@code factor} is not positive
     */
    public static Architecture scale(Architecture a, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor))
            throw new IllegalArgumentException("--scale must be positive, got " + factor + ".");
        List<List<CellSpec>> stages = new ArrayList<>();
        for (List<CellSpec> stage : a.stages()) {
            List<CellSpec> cells = new ArrayList<>();
            for (CellSpec c : stage) {
                cells.add(c.isSkip()
                        ? c
                        : CellSpec.ir(c.kernel(), c.expansion(), width(c.outChannels(), factor), c.stride(),
                                c.seRatio(), c.activation()));
            }
            stages.add(cells);
        }
        HeadSpec head = a.head() == null
                ? null
                : new HeadSpec(width(a.head().outChannels(), factor), a.head().activation());
        return new Architecture(a.stem(), stages, head);
    }

    /** {@code channels * factor} rounded to the nearest multiple of 4, at least 4. */
    public static int width(int channels, double factor) {
        return (int) Math.max(4, 4 * Math.round(channels * factor / 4));
    }
}
