package dev.blocknas.supernet.train;

import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.layers.optim.AdamW;
import dev.blocknas.layers.optim.Optimizer;
import dev.blocknas.layers.optim.Sgd;

import java.util.Map;

/**
 * Which optimizer trains a supernet, and its schedule: the one place that turns settings into an {@link Optimizer}.
 *
 * @param kind        Adam with L2 weight decay (as DNA's reference code) or SGD with Nesterov momentum 0.9
 * @param weightDecay weight decay (the optimizers leave batch-norm parameters and biases out)
 * @param lrDecay     learning-rate factor per epoch (DNA: 0.9)
 */
public record OptimizerSpec(Kind kind, double weightDecay, double lrDecay) {
    /** The optimizers a supernet can train with. */
    public enum Kind {
        ADAM,
        SGD
    }

    public OptimizerSpec {
        if (kind == null) throw new IllegalArgumentException("an optimizer kind is needed");
        if (!(weightDecay >= 0))
            throw new IllegalArgumentException("weight decay must be at least 0, got " + weightDecay);
        if (!(lrDecay > 0 && lrDecay <= 1))
            throw new IllegalArgumentException("learning-rate decay must be in (0, 1], got " + lrDecay);
    }

    /** Adam with {@code weightDecay}, the learning rate multiplied by {@code lrDecay} each epoch. */
    public static OptimizerSpec adam(double weightDecay, double lrDecay) {
        return new OptimizerSpec(Kind.ADAM, weightDecay, lrDecay);
    }

    /** SGD (Nesterov, momentum 0.9) with {@code weightDecay}, the learning rate multiplied by {@code lrDecay} each epoch. */
    public static OptimizerSpec sgd(double weightDecay, double lrDecay) {
        return new OptimizerSpec(Kind.SGD, weightDecay, lrDecay);
    }

    /** The optimizer of {@code params} at learning rate {@code lr}. */
    public Optimizer create(Map<String, Parameter> params, double lr) {
        return switch (kind) {
            case ADAM -> AdamW.adam(params, lr, weightDecay);
            case SGD -> new Sgd(params, lr, 0.9, true, weightDecay);
        };
    }
}
