package dev.blocknas.supernet.net;

import dev.blocknas.layers.nn.Activation;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.OpSpec;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** One cell (depth option) of a block: a chain of choice layers, the first carrying the block's stride. */
public final class ChoiceCell extends Module {
    private final List<ChoiceLayer> layers = new ArrayList<>();

    public ChoiceCell(BlockSpec spec, int depth, BlockWidths widths, double seRatio, Activation act, Rng rng,
                      Device device) {
        this(spec, depth, widths, seRatio, act, false, rng, device);
    }

    /** @param spring whether the layers share weights among the expansions of a kernel ({@link ChoiceLayer}) */
    public ChoiceCell(BlockSpec spec, int depth, BlockWidths widths, double seRatio, Activation act, boolean spring,
                      Rng rng,
                      Device device) {
        for (int l = 0; l < depth; l++) {
            int in = widths.layerIn(l);
            int out = widths.layerOut(l, depth);
            int stride = l == 0 ? spec.stride() : 1;
            List<OpSpec> ops = spec.choices(l);
            if (in != out || stride != 1) ops = ops.stream().filter(o -> !o.isSkip()).toList();
            if (ops.size() != spec.choices(l).size()) {
                // dropping the skip would renumber the choices the space enumerates
                throw new IllegalArgumentException("layer " + l + " changes width or stride, so it cannot offer skip:"
                        + " distil blocks that allow skip with a teacher of the same widths");
            }
            layers.add(registerModule(Integer.toString(l),
                    new ChoiceLayer(ops, in, out, stride, seRatio, act, spring, rng, device)));
        }
    }

    public int depth() {
        return layers.size();
    }

    public ChoiceLayer layer(int l) {
        return layers.get(l);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (ChoiceLayer l : layers) y = l.forward(y);
        return y;
    }
}
