package dev.blocknas.supernet.train;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained network cut into the blocks of a search space, as DNA's teacher: its stage after the stem (and
 * after the fixed cells) ends block b, and its features there are what student block b learns to reproduce.
 */
public final class Teacher {
    private final Network net;
    private final int offset;
    private final int[] widths;

    /**
     * @throws IllegalArgumentException with one sentence when the network's stages do not line up with the
     *                                  space's blocks
     */
    public Teacher(Network net, SearchSpace space) {
        check(net.architecture(), space);
        this.offset = space.fixedCells().isEmpty() ? 0 : 1;
        this.net = net;
        this.widths = widths(net.architecture(), space);
    }

    /** The output width of each stage of a teacher {@code arch} that lines up with {@code space}'s blocks, in block order. */
    public static int[] widths(Architecture arch, SearchSpace space) {
        int offset = space.fixedCells().isEmpty() ? 0 : 1;
        int[] widths = new int[space.blockCount()];
        for (Architecture.ResolvedCell c : arch.layout(space.inChannels()).cells()) {
            if (c.stage() >= offset) widths[c.stage() - offset] = c.outChannels();
        }
        return widths;
    }

    /**
     * Checks, before a teacher is trained, that its stages line up with the space's blocks.
     *
     * @throws IllegalArgumentException with one sentence when they do not
     */
    public static void check(Architecture a, SearchSpace space) {
        int offset = space.fixedCells().isEmpty() ? 0 : 1;
        int stages = a.stages().size();
        if (stages != offset + space.blockCount()) {
            throw new IllegalArgumentException(
                    "The teacher has " + stages + " stages but the " + space.name() + " space needs "
                            + (offset + space.blockCount()) + " (" + (offset == 1 ? "the fixed cells and " : "")
                            + "one per block).");
        }
        for (int b = 0; b < space.blockCount(); b++) {
            int want = space.block(b).stride();
            int got = a.stages().get(offset + b).stream().mapToInt(CellSpec::stride).reduce(1, (x, y) -> x * y);
            if (got != want) {
                throw new IllegalArgumentException("Teacher stage " + (offset + b) + " has total stride " + got
                        + " but block " + b + " of the space has stride " + want + ".");
            }
        }
    }

    public Network network() {
        return net;
    }

    /** Width of the teacher's features after each block. */
    public int[] widths() {
        return widths.clone();
    }

    /** The teacher's features after every block for an image batch (eval mode, no gradients). */
    public List<Tensor> features(Tensor x) {
        net.train(false);
        try (Autograd.Mode ng = Autograd.noGrad()) {
            Tensor h = net.stemForward(x);
            if (offset == 1) h = net.forwardStages(h, 0, 1);
            List<Tensor> out = new ArrayList<>(widths.length);
            for (int b = 0; b < widths.length; b++) {
                h = net.forwardStages(h, offset + b, offset + b + 1);
                out.add(h);
            }
            return out;
        }
    }

    /**
     * The teacher's logits when its features after block {@code b} are replaced by {@code features}: the rest of
     * its network and its head run on them (eval mode, no gradients).
     */
    public Tensor logitsFrom(int b, Tensor features) {
        net.train(false);
        try (Autograd.Mode ng = Autograd.noGrad()) {
            Tensor h = net.forwardStages(features, offset + b + 1, offset + widths.length);
            return net.head().forward(h);
        }
    }

    /**
     * The teacher the program trains when none is given: every block at its deepest cell, each layer of the
     * widest expansion and the smallest kernel of the space, widths multiplied by {@code widthMultiplier}
     * (DNA's teacher is wider than the searched blocks).
     *
     * <p>Why the smallest kernel: distilled ratings prefer the candidates shaped like the teacher. Measured
     * against stand-alone accuracy on Fashion-MNIST (docs/ranking.md), a k3 teacher's ratings rank networks
     * with Kendall tau +0.35, a k5 one's -0.02 and a k7 one's -0.13: a large-kernel teacher makes every block
     * prefer large kernels, which the early blocks do not need. Two stacked 3x3 layers already see 5x5.
     */
    public static Architecture defaultArchitecture(SearchSpace space, double widthMultiplier) {
        List<List<CellSpec>> stages = new ArrayList<>();
        if (!space.fixedCells().isEmpty()) stages.add(space.fixedCells());
        for (BlockSpec b : space.blocks()) {
            int depth = b.depths().stream().mapToInt(Integer::intValue).max().orElseThrow();
            int k = b.ops().stream().filter(o -> !o.isSkip()).mapToInt(o -> o.kernel()).min().orElseThrow();
            int e = b.ops().stream().mapToInt(o -> o.expansion()).max().orElseThrow();
            int width = (int) Math.round(b.outChannels() * widthMultiplier);
            List<CellSpec> stage = new ArrayList<>();
            for (int l = 0; l < depth; l++) {
                stage.add(CellSpec.ir(k, e, width, l == 0 ? b.stride() : 1, space.seRatio(), space.activation()));
            }
            stages.add(stage);
        }
        return new Architecture(space.stem(), stages, space.head());
    }
}
