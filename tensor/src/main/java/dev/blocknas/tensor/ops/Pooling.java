package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.PoolKind;
import dev.blocknas.tensor.Pool2dSpec;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Tensor;

/** Window pooling and global average pooling of NCHW images. */
public final class Pooling {
    private Pooling() {}

    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return pool2d(PoolKind.MAX, x, new Pool2dSpec(kernel, stride, padding));
    }

    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return pool2d(PoolKind.AVG, x, new Pool2dSpec(kernel, stride, padding));
    }

    /** Window pooling of x [N, C, H, W]. */
    public static Tensor pool2d(PoolKind kind, Tensor x, Pool2dSpec spec) {
        if (x.rank() != 4) throw new ShapeException("pooling needs input [N, C, H, W], got " + x.shape());
        int ho = spec.out(x.dim(2));
        int wo = spec.out(x.dim(3));
        if (ho <= 0 || wo <= 0)
            throw new ShapeException("pooling window " + spec.kernel() + " is larger than input " + x.shape());
        Tensor xc = Views.contiguous(x);
        Backend be = x.backend();
        Tensor y = Tensor.empty(x.device(), x.dim(0), x.dim(1), ho, wo);
        be.pool2d(kind, xc, spec, y);
        return Autograd.record(kind.name().toLowerCase() + "_pool2d", y, g -> {
            Tensor gx = Tensor.empty(xc.shape(), xc.device());
            be.pool2dBackward(kind, xc, y, Views.contiguous(g), spec, gx);
            return new Tensor[] {gx};
        }, xc);
    }

    /** Mean over H and W: [N, C, H, W] to [N, C, 1, 1]. */
    public static Tensor globalAvgPool(Tensor x) {
        if (x.rank() != 4) throw new ShapeException("global pooling needs input [N, C, H, W], got " + x.shape());
        return Reductions.reduce(ReduceOp.MEAN, x, new int[] {2, 3}, true);
    }
}
