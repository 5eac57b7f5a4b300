package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.Head;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.layers.nn.Stem;
import dev.blocknas.tensor.Tensor;

import java.util.Map;

/**
 * A network built from an {@link Architecture} by {@link NetworkBuilder}: {@code stem} (when the architecture
 * has one), {@code blocks} (a sequence of stages, each a sequence of cells: {@code blocks.<stage>.<cell>},
 * both from 0, as in timm) and {@code head}. Its weight files carry the architecture string as metadata.
 */
public final class Network extends Module {
    private final Architecture architecture;
    private final Architecture.Layout layout;
    private final Stem stem;
    private final Sequential blocks;
    private final Head head;

    Network(Architecture architecture, Architecture.Layout layout, Stem stem, Sequential blocks, Head head) {
        this.architecture = architecture;
        this.layout = layout;
        this.stem = stem == null ? null : registerModule("stem", stem);
        this.blocks = registerModule("blocks", blocks);
        this.head = registerModule("head", head);
    }

    public Architecture architecture() {
        return architecture;
    }

    public Architecture.Layout layout() {
        return layout;
    }

    /** The stem, or null. */
    public Stem stem() {
        return stem;
    }

    /** The cell stages: {@code blocks().get(i)} is stage i, a {@link Sequential} of cells. */
    public Sequential blocks() {
        return blocks;
    }

    public Head head() {
        return head;
    }

    /** The stem's output (the input itself when there is no stem). */
    public Tensor stemForward(Tensor x) {
        return stem == null ? x : stem.forward(x);
    }

    /** Runs cell stages [from, to) on {@code x} (block-wise training feeds a stage the previous one's output). */
    public Tensor forwardStages(Tensor x, int from, int to) {
        if (from < 0 || to > blocks.size() || from > to) {
            throw new IllegalArgumentException(
                    "stages [" + from + ", " + to + ") are out of range for " + blocks.size() + " stages");
        }
        Tensor y = x;
        for (int i = from; i < to; i++) y = blocks.get(i).forward(y);
        return y;
    }

    /** The features entering the head: stem and every stage. */
    public Tensor features(Tensor x) {
        return forwardStages(stemForward(x), 0, blocks.size());
    }

    /** Logits [N, classes]. */
    @Override
    public Tensor forward(Tensor x) {
        return head.forward(features(x));
    }

    @Override
    protected Map<String, String> weightMetadata() {
        return Map.of("architecture", ArchitectureCodec.encode(architecture));
    }

    @Override
    protected String describe() {
        return "Network(" + ArchitectureCodec.encode(architecture) + ")";
    }
}
