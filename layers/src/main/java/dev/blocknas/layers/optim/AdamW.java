package dev.blocknas.layers.optim;

import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with weight decay, either decoupled (AdamW: p -= lr * wd * p before the Adam update) or, with
 * {@code decoupled = false}, plain Adam with an L2 penalty added to the gradient (g += wd * p) — DNA's
 * setting: Adam, weight decay 1e-4. Decay applies only where {@link Parameter#decay()}. Bias corrections use
 * each parameter's own step count.
 */
public final class AdamW extends BaseOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;

    public AdamW(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps, double weightDecay,
                 boolean decoupled) {
        super(params, lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + " and " + beta2);
        }
        if (!(eps > 0)) throw new IllegalArgumentException("Adam eps must be positive, got " + eps);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** AdamW with betas (0.9, 0.999) and eps 1e-8. */
    public static AdamW adamW(Map<String, Parameter> params, double lr, double weightDecay) {
        return new AdamW(params, lr, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    /** Adam with an L2 penalty, betas (0.9, 0.999) and eps 1e-8 (DNA: lr 0.002-0.005, weight decay 1e-4). */
    public static AdamW adam(Map<String, Parameter> params, double lr, double weightDecay) {
        return new AdamW(params, lr, 0.9, 0.999, 1e-8, weightDecay, false);
    }

    public boolean decoupled() {
        return decoupled;
    }

    @Override
    String type() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    List<String> slotNames() {
        return List.of("exp_avg", "exp_avg_sq");
    }

    @Override
    float slotInit(int i) {
        return 0f;
    }

    @Override
    Map<String, String> hyperParameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("beta1", Double.toString(beta1));
        m.put("beta2", Double.toString(beta2));
        m.put("eps", Double.toString(eps));
        m.put("weight_decay", Double.toString(weightDecay));
        return m;
    }

    @Override
    void update(Parameter p, Tensor grad, Tensor[] state, float lr, long step) {
        if (step > Integer.MAX_VALUE) throw new IllegalStateException("Adam step count overflowed");
        Tensor w = p.tensor();
        w.backend().adamStep(w, grad, state[0], state[1], lr, (float) beta1, (float) beta2, (float) eps,
                p.decay() ? (float) weightDecay : 0f, decoupled, (int) step);
    }
}
