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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One searchable layer: every candidate operation's weights side by side ({@code choices.0}, {@code choices.1},
 * ...), of which exactly one runs per forward pass, the one {@link #select}ed. In spring mode (BS-NAS) the
 * operations of one kernel size share a spring {@link MBConv} at their widest expansion ({@code k3}, {@code k5},
 * ...; a skip is {@code skip}), and selecting an operation sets the spring's expansion.
 */
public final class ChoiceLayer extends Module {
    private final List<Module> choices = new ArrayList<>();
    private final List<String> members = new ArrayList<>();
    private final int[] expansions;
    private int active;

    /**
     * @param ops the candidate operations; a skip becomes an identity and is only valid at stride 1 with
     *            {@code in == out}
     */
    public ChoiceLayer(List<OpSpec> ops, int in, int out, int stride, double seRatio, Activation act, Rng rng,
                       Device device) {
        this(ops, in, out, stride, seRatio, act, false, rng, device);
    }

    /**
     * @param spring whether the operations of each kernel size share one set of weights at their widest expansion
     */
    public ChoiceLayer(List<OpSpec> ops, int in, int out, int stride, double seRatio, Activation act, boolean spring,
                       Rng rng, Device device) {
        expansions = new int[ops.size()];
        Map<Integer, Integer> widest = new LinkedHashMap<>();
        for (OpSpec op : ops) if (!op.isSkip()) widest.merge(op.kernel(), op.expansion(), Math::max);
        Map<Integer, Module> springs = new LinkedHashMap<>();
        for (int i = 0; i < ops.size(); i++) {
            OpSpec op = ops.get(i);
            expansions[i] = op.expansion();
            if (op.isSkip()) {
                if (stride != 1 || in != out) {
                    throw new IllegalArgumentException("skip is only possible where stride is 1 and the width is kept");
                }
                add(spring ? "skip" : Integer.toString(i), new Identity());
            } else if (!spring) {
                add(Integer.toString(i),
                        new MBConv(in, out, op.kernel(), op.expansion(), stride, seRatio, act, rng, device));
            } else if (springs.containsKey(op.kernel())) {
                choices.add(springs.get(op.kernel()));
                members.add("k" + op.kernel());
            } else {
                springs.put(op.kernel(),
                        add("k" + op.kernel(), MBConv.spring(in, out, op.kernel(), widest.get(op.kernel()),
                                stride, seRatio, act, rng, device)));
            }
        }
    }

    private Module add(String name, Module m) {
        choices.add(registerModule(name, m));
        members.add(name);
        return m;
    }

    /** Number of candidate operations. */
    public int size() {
        return choices.size();
    }

    /** Chooses the operation that runs in {@link #forward}. */
    public void select(int choice) {
        if (choice < 0 || choice >= choices.size()) {
            throw new IllegalArgumentException(
                    "choice " + choice + " of a layer with " + choices.size() + " operations");
        }
        active = choice;
    }

    /** The index of the operation that runs. */
    public int selected() {
        return active;
    }

    /** The name of the child holding the weights of candidate {@code i} (shared by several candidates in spring mode). */
    public String member(int i) {
        return members.get(i);
    }

    /** The module of candidate {@code i} (in spring mode, the spring it shares). */
    public Module choice(int i) {
        return choices.get(i);
    }

    @Override
    public Tensor forward(Tensor x) {
        // set at every pass: in spring mode the active spring is shared with other candidates
        if (choices.get(active) instanceof MBConv m) m.setActiveExpansion(expansions[active]);
        return choices.get(active).forward(x);
    }
}
