package dev.blocknas.supernet.net;

import dev.blocknas.layers.nn.Activation;
import dev.blocknas.layers.nn.Identity;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.supernet.space.OpSpec;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * One searchable layer: every candidate operation's weights side by side ({@code choices.0}, {@code choices.1},
 * ...), of which exactly one runs per forward pass, the one {@link #select}ed.
 */
public final class ChoiceLayer extends Module {
    private final List<Module> choices = new ArrayList<>();
    private int active;

    /**
     * @param ops the candidate operations; a skip becomes an identity and is only valid at stride 1 with
     *            {@code in == out}
     */
    public ChoiceLayer(List<OpSpec> ops, int in, int out, int stride, double seRatio, Activation act, Rng rng, Device device) {
        for (int i = 0; i < ops.size(); i++) {
            OpSpec op = ops.get(i);
            Module m;
            if (op.isSkip()) {
                if (stride != 1 || in != out) {
                    throw new IllegalArgumentException("skip is only possible where stride is 1 and the width is kept");
                }
                m = new Identity();
            } else {
                m = new MBConv(in, out, op.kernel(), op.expansion(), stride, seRatio, act, rng, device);
            }
            choices.add(registerModule(Integer.toString(i), m));
        }
    }

    /** Number of candidate operations. */
    public int size() {
        return choices.size();
    }

    /** Chooses the operation that runs in {@link #forward}. */
    public void select(int choice) {
        if (choice < 0 || choice >= choices.size()) {
            throw new IllegalArgumentException("choice " + choice + " of a layer with " + choices.size() + " operations");
        }
        active = choice;
    }

    /** The module of candidate {@code i}. */
    public Module choice(int i) {
        return choices.get(i);
    }

    @Override
    public Tensor forward(Tensor x) {
        return choices.get(active).forward(x);
    }
}
