package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.Activation;
import dev.blocknas.layers.nn.BatchNorm2d;
import dev.blocknas.layers.nn.Head;
import dev.blocknas.layers.nn.Identity;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.layers.nn.Stem;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;

/**
 * Builds a {@link Network} from an {@link Architecture}, initialising every weight from one {@link Rng} in
 * module order (stem, cells, head), so a seed fixes the network on every device.
 */
public final class NetworkBuilder {
    private NetworkBuilder() {}

    /**
     * Training-time settings that are not part of the architecture.
     *
     * @param dropout     dropout before the classifier
     * @param dropConnect drop-connect (stochastic depth) rate of the last cell; cell i of n gets
     *                    {@code dropConnect * i / n} (i from 0), as in the EfficientNet/DNA code
     * @param bnMomentum  batch-norm momentum
     * @param bnEps       batch-norm eps
     */
    public record Options(float dropout, double dropConnect, float bnMomentum, float bnEps) {
        /** No dropout, no drop-connect, batch norm with momentum 0.1 and eps 1e-5. */
        public static final Options DEFAULT = new Options(0f, 0, BatchNorm2d.DEFAULT_MOMENTUM, BatchNorm2d.DEFAULT_EPS);

        public Options {
            if (!(dropout >= 0 && dropout < 1))
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            if (!(dropConnect >= 0 && dropConnect < 1))
                throw new IllegalArgumentException("drop-connect must be in [0, 1), got " + dropConnect);
        }

        /** These options with another dropout and drop-connect rate. */
        public Options withDropout(float dropout, double dropConnect) {
            return new Options(dropout, dropConnect, bnMomentum, bnEps);
        }
    }

    /** Builds with {@link Options#DEFAULT}. */
    public static Network build(Architecture arch, int inChannels, int numClasses, Rng rng, Device device) {
        return build(arch, inChannels, numClasses, Options.DEFAULT, rng, device);
    }

    /** Parses {@code arch} and builds it with {@link Options#DEFAULT}. */
    public static Network build(String arch, int inChannels, int numClasses, Rng rng, Device device) {
        return build(ArchitectureCodec.decode(arch), inChannels, numClasses, Options.DEFAULT, rng, device);
    }

    /** Parses {@code arch} and builds it. */
    public static Network build(String arch, int inChannels, int numClasses, Options options, Rng rng, Device device) {
        return build(ArchitectureCodec.decode(arch), inChannels, numClasses, options, rng, device);
    }

    /**
     * Builds the network for {@code inChannels} input channels and {@code numClasses} classes.
     *
     * @throws ArchitectureFormatException when the architecture cannot be built (a misplaced skip)
     */
    public static Network build(Architecture arch, int inChannels, int numClasses, Options options, Rng rng,
                                Device device) {
        if (numClasses < 1) throw new IllegalArgumentException("a network needs at least one class, got " + numClasses);
        Architecture.Layout layout = arch.layout(inChannels);
        Stem stem = null;
        Sequential blocks = null;
        Head head = null;
        try {
            if (arch.stem() != null) {
                StemSpec s = arch.stem();
                stem = new Stem(inChannels, s.outChannels(), s.stride(), s.activation(), rng, device);
            }
            blocks = new Sequential();
            int total = layout.cells().size();
            int i = 0;
            for (int st = 0; st < arch.stages().size(); st++) {
                Sequential stage = new Sequential();
                blocks.add(stage);
                for (CellSpec c : arch.stages().get(st)) {
                    Architecture.ResolvedCell rc = layout.cells().get(i);
                    if (c.isSkip()) {
                        stage.add(new Identity());
                    } else {
                        stage.add(new MBConv(rc.inChannels(), rc.outChannels(), c.kernel(), c.expansion(), c.stride(),
                                c.seRatio(),
                                c.activation(), options.dropConnect() * i / total, rng, device));
                    }
                    i++;
                }
            }
            HeadSpec h = arch.head();
            head = new Head(layout.features(), h == null ? 0 : h.outChannels(), numClasses,
                    h == null ? Activation.IDENTITY : h.activation(), options.dropout(), rng, device);
            Network net = new Network(arch, layout, stem, blocks, head);
            BatchNorm2d.configureAll(net, options.bnMomentum(), options.bnEps());
            return net;
        } catch (RuntimeException e) {
            if (stem != null) stem.close();
            if (blocks != null) blocks.close();
            if (head != null) head.close();
            throw e;
        }
    }
}
