package dev.blocknas.layers.optim;

import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent as PyTorch defines it (dampening 0): g += wd * p (only where
 * {@link Parameter#decay()}); v = momentum * v + g; p -= lr * (nesterov ? g + momentum * v : v).
 */
public final class Sgd extends BaseOptimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;

    public Sgd(Map<String, Parameter> params, double lr, double momentum, boolean nesterov, double weightDecay) {
        super(params, lr);
        if (!(momentum >= 0 && momentum < 1))
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        if (nesterov && momentum == 0) throw new IllegalArgumentException("Nesterov SGD needs a momentum above 0");
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    /** Parameters named by position. */
    public Sgd(List<Parameter> params, double lr, double momentum, boolean nesterov, double weightDecay) {
        this(indexed(params), lr, momentum, nesterov, weightDecay);
    }

    @Override
    String type() {
        return "sgd";
    }

    @Override
    List<String> slotNames() {
        return List.of("momentum_buffer");
    }

    @Override
    float slotInit(int i) {
        return momentum > 0 ? 0f : Float.NaN;
    }

    @Override
    Map<String, String> hyperParameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("momentum", Double.toString(momentum));
        m.put("nesterov", Boolean.toString(nesterov));
        m.put("weight_decay", Double.toString(weightDecay));
        return m;
    }

    @Override
    void update(Parameter p, Tensor grad, Tensor[] state, float lr, long step) {
        Tensor w = p.tensor();
        w.backend().sgdStep(w, grad, state[0], lr, (float) momentum, p.decay() ? (float) weightDecay : 0f, nesterov);
    }
}
