package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;

/** Elementwise arithmetic and activations, with NumPy broadcasting for two operands. */
public final class Elementwise {
    private Elementwise() {}

    /**
     * y = op(x; alpha), recorded with the op's derivative: the backend's fused kernel where it has one, else
     * the rule of {@link UnaryRules#gradient}, which defines it.
     */
    public static Tensor unary(UnaryOp op, float alpha, Tensor x) {
        Tensor xc = Views.contiguous(x);
        Tensor y = Tensor.empty(x.shape(), x.device());
        x.backend().unary(op, alpha, xc, y);
        return Autograd.record(op.name().toLowerCase(), y, g -> {
            Tensor gc = Views.contiguous(g);
            Tensor gx = Tensor.empty(xc.shape(), xc.device());
            if (xc.backend().unaryBackward(op, alpha, xc, y, gc, gx)) return new Tensor[] {gx};
            gx.close();
            return new Tensor[] {UnaryRules.gradient(op, alpha, xc, y, g)};
        }, xc);
    }

    /** out = a op b, broadcasting both to a common shape. */
    public static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(
                    "operands are on different devices: " + a.device() + " and " + b.device());
        }
        Shape shape = Shape.broadcast(a.shape(), b.shape());
        Tensor y = Tensor.empty(shape, a.device());
        Tensor av = Views.expandView(a, shape);
        Tensor bv = Views.expandView(b, shape);
        try {
            a.backend().binary(op, av, bv, y);
        } finally {
            if (av != a) av.close();
            if (bv != b) bv.close();
        }
        if (op == BinaryOp.EQ) return y;
        return Autograd.record(op.name().toLowerCase(), y, g -> switch (op) {
            case ADD -> new Tensor[] {Reductions.sumTo(g, a.shape()), Reductions.sumTo(g, b.shape())};
            case SUB -> new Tensor[] {Reductions.sumTo(g, a.shape()),
                    b.requiresGrad() ? Reductions.sumTo(g.neg(), b.shape()) : null};
            case MUL -> new Tensor[] {
                    a.requiresGrad() ? Reductions.sumTo(g.mul(b), a.shape()) : null,
                    b.requiresGrad() ? Reductions.sumTo(g.mul(a), b.shape()) : null};
            case DIV -> new Tensor[] {
                    a.requiresGrad() ? Reductions.sumTo(g.div(b), a.shape()) : null,
                    b.requiresGrad() ? Reductions.sumTo(g.mul(y).div(b).neg(), b.shape()) : null};
            case EQ -> throw new IllegalStateException("EQ has no gradient");
        }, a, b);
    }

    /** Checks two tensors have one shape; for ops that do not broadcast. */
    static void sameShape(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new ShapeException(op + " needs equal shapes, got " + a.shape() + " and " + b.shape());
        }
    }
}
