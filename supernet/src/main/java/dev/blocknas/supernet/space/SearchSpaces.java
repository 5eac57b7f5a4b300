package dev.blocknas.supernet.space;

import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.HeadSpec;
import dev.blocknas.layers.arch.StemSpec;
import dev.blocknas.layers.nn.Activation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The preset search spaces and the lookup of a space by name or JSON file. */
public final class SearchSpaces {
    /** Names of the presets. */
    public static final List<String> PRESETS = List.of("mnist", "mnist-wide", "cifar", "dna");

    /** The forms {@code --space} accepts, for help texts (a constant so annotations can use it; a test keeps it equal to the presets). */
    public static final String FORMS = "mnist, mnist-wide, cifar, dna, or a JSON file";

    private static final List<OpSpec> MBCONV_OPS = List.of(
            new OpSpec(3, 3), new OpSpec(3, 6), new OpSpec(5, 3), new OpSpec(5, 6), new OpSpec(7, 3), new OpSpec(7, 6));

    private static final List<OpSpec> WIDE_OPS = List.of(
            new OpSpec(3, 1), new OpSpec(3, 6), new OpSpec(5, 1), new OpSpec(5, 6), new OpSpec(7, 1), new OpSpec(7, 6));

    private SearchSpaces() {}

    /**
     * A preset by name, or a space read from a JSON file when {@code nameOrFile} names an existing file.
     *
     * @throws SearchSpaceFormatException with one sentence for an unknown name or a bad file
     */
    public static SearchSpace get(String nameOrFile) {
        switch (nameOrFile) {
            case "mnist" :
                return mnist();
            case "mnist-wide" :
                return mnistWide();
            case "cifar" :
                return cifar();
            case "dna" :
                return dna();
            default :
                Path p = Path.of(nameOrFile);
                if (nameOrFile.endsWith(".json") || Files.exists(p)) return SearchSpaceJson.read(p);
                throw new SearchSpaceFormatException("Unknown search space \"" + nameOrFile + "\": use one of "
                        + String.join(", ", PRESETS) + ", or a JSON file.");
        }
    }

    /**
     * The space of the DNA paper (EfficientNet-B0-like, 224x224): stem 3x3/2 to 32, a fixed depthwise-separable
     * layer (SE 0.25) to 16, six blocks of 6 MBConv ops a layer (expansion 3 or 6 x kernel 3, 5 or 7, SE 0.25,
     * swish), cells of depths {2,3,2}, {2,3,4}, {2,3,4}, {3,4,4}, {4,5,5}, {1}, and the 1x1 head to 1280:
     * 288 x 1548 x 1548 x 2808 x 16848 x 6, about 1.96e17 networks.
     */
    public static SearchSpace dna() {
        return new SearchSpace("dna", 3, 224, 1000, new StemSpec(32, 2, Activation.SWISH),
                List.of(CellSpec.ir(3, 1, 16, 1, 0.25, Activation.SWISH)),
                List.of(block(24, 2, 2, 3, 2), block(40, 2, 2, 3, 4), block(80, 2, 2, 3, 4),
                        block(112, 1, 3, 4, 4), block(192, 2, 4, 5, 5), block(320, 1, 1)),
                new HeadSpec(1280, Activation.SWISH), Activation.SWISH, 0.25);
    }

    /** The DNA family sized for 32x32 images (CIFAR): stem stride 1 and the first block at stride 1. */
    public static SearchSpace cifar() {
        return new SearchSpace("cifar", 3, 32, 10, new StemSpec(32, 1, Activation.SWISH),
                List.of(CellSpec.ir(3, 1, 16, 1, 0.25, Activation.SWISH)),
                List.of(block(24, 1, 2, 3, 2), block(40, 2, 2, 3, 4), block(80, 2, 2, 3, 4),
                        block(112, 1, 3, 4, 4), block(192, 2, 4, 5, 5), block(320, 1, 1)),
                new HeadSpec(1280, Activation.SWISH), Activation.SWISH, 0.25);
    }

    /**
     * A tiny space for 28x28 grey digits that trains in minutes on a CPU: stem 3x3/2 to 16, three blocks
     * (24 at 14x14, 40 at 7x7, 64 at 4x4) each with cells of depth 1 and 2 and the same 6 MBConv ops as DNA
     * (no SE), head 1x1 to 256: 42 x 42 x 42 = 74,088 networks from 126 block candidates.
     */
    public static SearchSpace mnist() {
        return new SearchSpace("mnist", 1, 28, 10, new StemSpec(16, 2, Activation.SWISH), List.of(),
                List.of(block(24, 1, 1, 2), block(40, 2, 1, 2), block(64, 2, 1, 2)),
                new HeadSpec(256, Activation.SWISH), Activation.SWISH, 0);
    }

    /**
     * The {@code mnist} space widened until its networks differ by more than the noise of training them: cells of
     * depth 1, 2 and 3, expansion 1 or 6, kernels 3, 5 and 7, and twice the width in the last two blocks (24 at 14x14,
     * 48 at 7x7, 96 at 4x4): 258 x 258 x 258 = 17,173,512 networks from 774 block candidates, from about 30 thousand
     * to over 400 thousand parameters. In the {@code mnist} space, Fashion-MNIST accuracies after 5 epochs span about
     * one point, barely three times the seed-to-seed noise (docs/ranking.md).
     */
    public static SearchSpace mnistWide() {
        return new SearchSpace("mnist-wide", 1, 28, 10, new StemSpec(16, 2, Activation.SWISH), List.of(),
                List.of(new BlockSpec(24, 1, List.of(1, 2, 3), WIDE_OPS, false),
                        new BlockSpec(48, 2, List.of(1, 2, 3), WIDE_OPS, false),
                        new BlockSpec(96, 2, List.of(1, 2, 3), WIDE_OPS, false)),
                new HeadSpec(256, Activation.SWISH), Activation.SWISH, 0);
    }

    private static BlockSpec block(int channels, int stride, Integer... depths) {
        return new BlockSpec(channels, stride, List.of(depths), MBCONV_OPS, false);
    }
}
