package dev.blocknas.supernet.train;

import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A target network that follows an online one as an exponential moving average of its parameters, as BYOL
 * and BossNAS do: {@code t <- m t + (1 - m) o} after every optimizer step. Only parameters are averaged:
 * the target's batch norms keep statistics of their own (they run in training mode, on batch statistics).
 */
public final class MomentumTarget {
    private final List<Parameter[]> pairs = new ArrayList<>();

    /**
     * Pairs {@code online.get(i)}'s parameters with {@code target.get(i)}'s, by name.
     *
     * @throws IllegalArgumentException when the two sides do not have the same parameters
     */
    public MomentumTarget(List<? extends Module> online, List<? extends Module> target) {
        if (online.size() != target.size())
            throw new IllegalArgumentException("online and target need as many modules");
        for (int i = 0; i < online.size(); i++) {
            Map<String, Parameter> o = online.get(i).namedParameters();
            Map<String, Parameter> t = target.get(i).namedParameters();
            if (!o.keySet().equals(t.keySet()))
                throw new IllegalArgumentException("the target does not mirror the online module " + i);
            for (Map.Entry<String, Parameter> e : o.entrySet()) {
                Parameter tp = t.get(e.getKey());
                if (!tp.shape().equals(e.getValue().shape())) {
                    throw new IllegalArgumentException("the target's " + e.getKey() + " has shape " + tp.shape()
                            + ", not " + e.getValue().shape());
                }
                pairs.add(new Parameter[] {e.getValue(), tp});
            }
        }
    }

    /** Number of parameter pairs. */
    public int size() {
        return pairs.size();
    }

    /** Makes the target equal to the online module (where training starts). */
    public void copy() {
        for (Parameter[] p : pairs) p[1].tensor().copyFrom(p[0].tensor());
    }

    /**
     * Moves every target parameter towards its online one: {@code t <- m t + (1 - m) o}, computed in float as
     * {@code (float) m * t + (float) (1 - m) * o}.
     */
    public void update(double momentum) {
        float keep = (float) momentum;
        float take = (float) (1 - momentum);
        try (Autograd.Mode ng = Autograd.noGrad()) {
            for (Parameter[] p : pairs) {
                try (Scope s = Scope.open()) {
                    Tensor t = p[1].tensor();
                    t.copyFrom(t.mul(keep).add(p[0].tensor().mul(take)));
                }
            }
        }
    }

    /**
     * BYOL's schedule: the momentum rises from {@code base} at step 0 to 1 at step {@code total} along a half
     * cosine, so the target moves less and less as training settles.
     */
    public static double momentum(double base, long step, long total) {
        double t = total <= 0 ? 1 : Math.min(1.0, step / (double) total);
        return 1 - (1 - base) * (Math.cos(Math.PI * t) + 1) / 2;
    }
}
