package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.FluentOps;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;

/**
 * The ops of this package behind {@code Tensor}'s fluent methods, registered as the {@link FluentOps}
 * service, so that {@code dev.blocknas.tensor} does not import this package (no package cycle).
 */
public final class TensorFluentOps implements FluentOps {
    /** For the service loader. */
    public TensorFluentOps() {}

    @Override
    public Tensor unary(UnaryOp op, float alpha, Tensor x) {
        return Elementwise.unary(op, alpha, x);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return Elementwise.binary(op, a, b);
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDim) {
        return Reductions.reduce(op, x, axes, keepDim);
    }

    @Override
    public Tensor sum(Tensor x) {
        return Reductions.sum(x);
    }

    @Override
    public Tensor mean(Tensor x) {
        return Reductions.mean(x);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return Linalg.matmul(a, b);
    }

    @Override
    public Tensor reshape(Tensor x, int... dims) {
        return Views.reshape(x, dims);
    }

    @Override
    public Tensor flatten(Tensor x, int startDim) {
        return Views.flatten(x, startDim);
    }

    @Override
    public Tensor permute(Tensor x, int... order) {
        return Views.permute(x, order);
    }

    @Override
    public Tensor transpose(Tensor x, int a, int b) {
        return Views.transpose(x, a, b);
    }

    @Override
    public Tensor narrow(Tensor x, int axis, int start, int length) {
        return Views.narrow(x, axis, start, length);
    }

    @Override
    public Tensor unsqueeze(Tensor x, int axis) {
        return Views.unsqueeze(x, axis);
    }

    @Override
    public Tensor contiguous(Tensor x) {
        return Views.contiguous(x);
    }
}
