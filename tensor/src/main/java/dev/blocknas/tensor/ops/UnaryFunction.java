package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An elementwise function of one tensor (an activation), declared in one place: its forward pass as a
 * composition of existing ops, and its derivative either derived by autograd from that composition or
 * written once as a {@link Rule} of forward ops. Nothing else is needed on any backend:
 *
 * <pre>{@code
 * static final UnaryFunction SOFTPLUS = UnaryFunction.of("softplus", x -> x.exp().add(1f).log());
 * Tensor y = SOFTPLUS.apply(x);  // trains on the CPU and the GPU alike
 * }</pre>
 *
 * <p>A backend kernel is a fast path, not a definition: {@link #fused(UnaryOp)} wraps a {@link UnaryOp},
 * whose kernels the backends provide and {@link UnaryRules} defines the derivative of.
 */
public final class UnaryFunction {

    /** A derivative written by hand from forward ops: gx = g * f'(x), given x and y = f(x). */
    @FunctionalInterface
    public interface Rule {
        Tensor gradient(Tensor x, Tensor y, Tensor g);
    }

    private final String name;
    private final UnaryOperator<Tensor> forward;
    private final Rule rule;

    private UnaryFunction(String name, UnaryOperator<Tensor> forward, Rule rule) {
        this.name = Objects.requireNonNull(name, "name");
        this.forward = Objects.requireNonNull(forward, "forward");
        this.rule = rule;
    }

    /** A function whose derivative autograd derives from {@code forward}, a composition of existing ops. */
    public static UnaryFunction of(String name, UnaryOperator<Tensor> forward) {
        return new UnaryFunction(name, forward, null);
    }

    /**
     * A function with its derivative written once: {@code forward} runs with recording off and only
     * {@code rule} is recorded (cheaper than the tape of a long composition).
     */
    public static UnaryFunction of(String name, UnaryOperator<Tensor> forward, Rule rule) {
        return new UnaryFunction(name, forward, Objects.requireNonNull(rule, "rule"));
    }

    /** A backend primitive: its fused kernels where the backend has them, else the rules of {@link UnaryRules}. */
    public static UnaryFunction fused(UnaryOp op) {
        return new UnaryFunction(op.name().toLowerCase(), x -> Elementwise.unary(op, 0f, x), null);
    }

    /** The name, for messages and the tape. */
    public String name() {
        return name;
    }

    /** y = f(x), recorded with f's derivative. */
    public Tensor apply(Tensor x) {
        if (rule == null) return forward.apply(x);
        Tensor y;
        try (Autograd.Mode off = Autograd.noGrad()) {
            y = forward.apply(x);
        }
        return Autograd.record(name, y, g -> new Tensor[] {rule.gradient(x, y, g)}, x);
    }

    @Override
    public String toString() {
        return name;
    }
}
