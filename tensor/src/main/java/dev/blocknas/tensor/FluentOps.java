package dev.blocknas.tensor;

import java.util.ServiceLoader;

/**
 * The ops behind {@link Tensor}'s fluent methods ({@code x.add(y)}, {@code x.relu()}, {@code x.reshape(...)}).
 *
 * <p>The ops live in {@code dev.blocknas.tensor.ops}, which is written against {@code Tensor}; so that this
 * package does not depend back on it, {@code Tensor} calls them through this interface, whose one
 * implementation that package registers as a service ({@code META-INF/services/dev.blocknas.tensor.FluentOps}
 * of the tensor jar), as the backends are found. Each method is the op of the same name there.
 */
public interface FluentOps {
    /** y = op(x; alpha), with its derivative. */
    Tensor unary(UnaryOp op, float alpha, Tensor x);

    /** a op b, broadcasting, with its derivative. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    /** The reduction of x over {@code axes}. */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDim);

    /** The sum of all elements, a scalar. */
    Tensor sum(Tensor x);

    /** The mean of all elements, a scalar. */
    Tensor mean(Tensor x);

    /** The (batched, broadcast) matrix product. */
    Tensor matmul(Tensor a, Tensor b);

    /** x with new dimensions (one may be -1), a view where the layout allows. */
    Tensor reshape(Tensor x, int... dims);

    /** x with dimensions from {@code startDim} on flattened into one. */
    Tensor flatten(Tensor x, int startDim);

    /** x with its dimensions reordered, a view. */
    Tensor permute(Tensor x, int... order);

    /** x with two dimensions swapped, a view. */
    Tensor transpose(Tensor x, int a, int b);

    /** Elements [start, start + length) of dimension {@code axis}, a view. */
    Tensor narrow(Tensor x, int axis, int start, int length);

    /** x with a dimension of size 1 inserted at {@code axis}, a view. */
    Tensor unsqueeze(Tensor x, int axis);

    /** x if contiguous, else a contiguous copy. */
    Tensor contiguous(Tensor x);

    /** The registered implementation; fails with a sentence when the ops are not on the class path. */
    static FluentOps load() {
        return ServiceLoader.load(FluentOps.class, FluentOps.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + FluentOps.class.getName()
                        + " service: dev.blocknas.tensor.ops is missing from the class path"));
    }
}
