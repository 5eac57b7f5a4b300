package dev.blocknas.bench.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.ArchitectureCodec;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.HeadSpec;
import dev.blocknas.layers.arch.StemSpec;
import dev.blocknas.layers.nn.Activation;
import dev.blocknas.layers.nn.SqueezeExcite;

import java.util.List;

/**
 * Our networks rebuilt from DJL blocks for the PyTorch engine, layer for layer and parameter for parameter: the
 * architecture string is decoded by our own codec and its resolved layout (every cell's input and output width) is
 * walked, so the two sides cannot disagree on a shape. Stem: 3x3 conv (no bias), batch norm, activation. MBConv:
 * 1x1 expansion (no bias; absent at expansion 1), BN, activation, k x k depthwise as a grouped conv with one group
 * per channel (stride s, padding k / 2), BN, activation, optional squeeze-excite, 1x1 projection, BN, and the input
 * added when the stride is 1 and the widths match. Squeeze-excite: global average pool, linear (with bias) to the
 * reduced width, activation, linear back, sigmoid, and the input scaled channel by channel; a linear layer on the
 * pooled [N, C] is our 1x1 conv with bias on a 1x1 plane, with the same weights and work. Head: 1x1 conv, BN,
 * activation, global average pool, linear classifier with bias.
 *
 * <p>Activations are written as a DJL user writes them: swish as {@code sigmoid(x) * x} (DJL's own swish
 * multiplies by beta first, one pass more; DJL has no fused SiLU), ReLU6 as {@code clip(x, 0, 6)} (one op, where
 * {@code Activation.relu6} takes two).
 */
final class DjlNetworks {
    private DjlNetworks() {}

    /** The network of {@code arch} for {@code inChannels} input channels and {@code classes} classes. */
    static Block network(String arch, int inChannels, int classes) {
        Architecture a = ArchitectureCodec.decode(arch);
        Architecture.Layout layout = a.layout(inChannels);
        SequentialBlock net = new SequentialBlock();
        StemSpec stem = a.stem();
        if (stem != null) net.add(conv(stem.outChannels(), 3, stem.stride(), 1, false)).add(bn()).add(act(stem.activation()));
        for (Architecture.ResolvedCell rc : layout.cells()) {
            CellSpec c = rc.spec();
            if (c.isSkip()) continue;
            int reduced = c.seRatio() > 0 ? SqueezeExcite.reducedChannels(c.seRatio(), rc.inChannels()) : 0;
            net.add(mbconv(rc.inChannels(), rc.outChannels(), c.kernel(), c.expansion(), c.stride(), reduced, c.activation()));
        }
        HeadSpec head = a.head();
        if (head != null) net.add(conv(head.outChannels(), 1, 1, 0, false)).add(bn()).add(act(head.activation()));
        net.add(Pool.globalAvgPool2dBlock());
        net.add(Linear.builder().setUnits(classes).optBias(true).build());
        return net;
    }

    /**
     * One MBConv cell.
     *
     * @param reduced squeeze-excite bottleneck width, 0 for none
     */
    static Block mbconv(int in, int out, int kernel, int expansion, int stride, int reduced, Activation act) {
        int mid = in * expansion;
        SequentialBlock branch = new SequentialBlock();
        if (expansion != 1) branch.add(conv(mid, 1, 1, 0, false)).add(bn()).add(act(act));
        branch.add(Conv2d.builder().setFilters(mid).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(mid).optBias(false).build());
        branch.add(bn()).add(act(act));
        if (reduced > 0) branch.add(squeezeExcite(mid, reduced, act));
        branch.add(conv(out, 1, 1, 0, false)).add(bn());
        if (stride != 1 || in != out) return branch;
        return new ParallelBlock(l -> new NDList(l.get(0).singletonOrThrow().add(l.get(1).singletonOrThrow())),
                List.of(branch, Blocks.identityBlock()));
    }

    private static Block squeezeExcite(int channels, int reduced, Activation act) {
        SequentialBlock gate = new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(reduced).optBias(true).build())
                .add(act(act))
                .add(Linear.builder().setUnits(channels).optBias(true).build())
                .addSingleton(ai.djl.nn.Activation::sigmoid);
        return new ParallelBlock(l -> {
            NDArray x = l.get(0).singletonOrThrow();
            NDArray g = l.get(1).singletonOrThrow();
            return new NDList(x.mul(g.reshape(g.getShape().add(1, 1))));
        }, List.of(Blocks.identityBlock(), gate));
    }

    private static Block conv(int filters, int kernel, int stride, int pad, boolean bias) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad)).optBias(bias).build();
    }

    private static Block bn() {
        return BatchNorm.builder().optEpsilon(1e-5f).build();
    }

    static Block act(Activation a) {
        SequentialBlock b = new SequentialBlock();
        return switch (a) {
            case SWISH -> b.addSingleton(x -> ai.djl.nn.Activation.sigmoid(x).mul(x));
            case RELU6 -> b.addSingleton(x -> x.clip(0, 6));
            case RELU -> b.addSingleton(ai.djl.nn.Activation::relu);
            case HARD_SWISH -> b.addSingleton(x -> x.mul(x.add(3).clip(0, 6)).div(6));
            case SIGMOID -> b.addSingleton(ai.djl.nn.Activation::sigmoid);
            case IDENTITY -> Blocks.identityBlock();
        };
    }

    /** Trainable parameters of an initialised block (batch-norm running statistics excluded, as in ours). */
    static long trainableParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) n += p.getValue().getArray().size();
        }
        return n;
    }
}
