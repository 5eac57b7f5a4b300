package dev.blocknas.layers.optim;

import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop as PyTorch defines it: g += wd * p (only where {@link Parameter#decay()});
 * sq = alpha * sq + (1 - alpha) * g^2; buf = momentum * buf + g / (sqrt(sq) + eps); p -= lr * buf.
 *
 * <p>EfficientNet/DNA retraining uses TensorFlow's hyper-parameters: alpha 0.9, eps 1e-3, momentum 0.9
 * ({@link #efficientNet}). TensorFlow also starts the square average at 1 rather than 0, which
 * {@code initialSquareAvg} reproduces; it adds eps inside the square root, which the backend primitive does
 * not, so the two differ slightly while sq is of the order of eps^2.
 */
public final class RmsProp extends BaseOptimizer {
    private final double alpha;
    private final double eps;
    private final double momentum;
    private final double weightDecay;
    private final float initialSquareAvg;

    public RmsProp(Map<String, Parameter> params, double lr, double alpha, double eps, double momentum,
                   double weightDecay,
                   float initialSquareAvg) {
        super(params, lr);
        if (!(alpha >= 0 && alpha < 1))
            throw new IllegalArgumentException("RMSprop alpha must be in [0, 1), got " + alpha);
        if (!(eps > 0)) throw new IllegalArgumentException("RMSprop eps must be positive, got " + eps);
        if (!(momentum >= 0 && momentum < 1))
            throw new IllegalArgumentException("RMSprop momentum must be in [0, 1), got " + momentum);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        if (!(initialSquareAvg >= 0))
            throw new IllegalArgumentException("initial square average must be >= 0, got " + initialSquareAvg);
        this.alpha = alpha;
        this.eps = eps;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.initialSquareAvg = initialSquareAvg;
    }

    /** PyTorch's initial square average of 0. */
    public RmsProp(Map<String, Parameter> params, double lr, double alpha, double eps, double momentum,
                   double weightDecay) {
        this(params, lr, alpha, eps, momentum, weightDecay, 0f);
    }

    /** TensorFlow/EfficientNet settings: alpha 0.9, eps 1e-3, momentum 0.9, square average starting at 1. */
    public static RmsProp efficientNet(Map<String, Parameter> params, double lr, double weightDecay) {
        return new RmsProp(params, lr, 0.9, 1e-3, 0.9, weightDecay, 1f);
    }

    @Override
    String type() {
        return "rmsprop";
    }

    @Override
    List<String> slotNames() {
        return List.of("square_avg", "momentum_buffer");
    }

    @Override
    float slotInit(int i) {
        if (i == 0) return initialSquareAvg;
        return momentum > 0 ? 0f : Float.NaN;
    }

    @Override
    Map<String, String> hyperParameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alpha", Double.toString(alpha));
        m.put("eps", Double.toString(eps));
        m.put("momentum", Double.toString(momentum));
        m.put("weight_decay", Double.toString(weightDecay));
        m.put("initial_square_avg", Float.toString(initialSquareAvg));
        return m;
    }

    @Override
    void update(Parameter p, Tensor grad, Tensor[] state, float lr, long step) {
        Tensor w = p.tensor();
        w.backend().rmspropStep(w, grad, state[0], state[1], lr, (float) alpha, (float) eps, (float) momentum,
                p.decay() ? (float) weightDecay : 0f);
    }
}
