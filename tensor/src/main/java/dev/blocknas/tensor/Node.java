package dev.blocknas.tensor;

/**
 * One recorded operation of the autograd tape: the tensors it read and its gradient rule.
 * Ops create nodes through {@link Autograd#record}.
 */
public final class Node {

    /** The gradient rule of one op: the gradients of its inputs from the gradient of its output. */
    @FunctionalInterface
    public interface BackwardFn {
        /**
         * Returns one gradient per input, in input order, each of that input's shape; null where an input
         * needs none. Implementations may return {@code gradOutput} itself where the rule is the identity.
         */
        Tensor[] apply(Tensor gradOutput);
    }

    private final String name;
    private final Tensor[] inputs;
    private final BackwardFn backward;

    Node(String name, Tensor[] inputs, BackwardFn backward) {
        this.name = name;
        this.inputs = inputs;
        this.backward = backward;
    }

    /** Name of the op, for messages. */
    public String name() {
        return name;
    }

    Tensor[] inputs() {
        return inputs;
    }

    BackwardFn backward() {
        return backward;
    }

    @Override
    public String toString() {
        return name;
    }
}
