package dev.blocknas.supernet.train;

import dev.blocknas.layers.nn.Head;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

/**
 * DBNAS's deeply-supervised module after block b: a condensation of the rest of the supernet that lets block
 * b train with the whole network in view. The paper does not publish its layers; ours condenses each later
 * block to one cheap layer of the same stride and width (a 3x3 depthwise-separable MBConv, expansion 1) and
 * ends in a head at a quarter of the space's head width and a classifier.
 */
public final class DeepSupervision extends Module {
    private final Sequential layers;
    private final Head head;

    public DeepSupervision(SearchSpace space, int afterBlock, Rng rng, Device device) {
        layers = registerModule("layers", new Sequential());
        int in = space.block(afterBlock).outChannels();
        for (int j = afterBlock + 1; j < space.blockCount(); j++) {
            BlockSpec b = space.block(j);
            layers.add(new MBConv(in, b.outChannels(), 3, 1, b.stride(), 0, space.activation(), rng, device));
            in = b.outChannels();
        }
        int width = Math.max(32, space.head().outChannels() / 4);
        head = registerModule("head",
                new Head(in, width, space.numClasses(), space.head().activation(), 0f, rng, device));
    }

    @Override
    public Tensor forward(Tensor x) {
        return head.forward(layers.forward(x));
    }
}
