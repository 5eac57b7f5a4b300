package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Tensor;

import java.util.Arrays;

/** Sums, means and maxima over axes, and the sum that undoes broadcasting. */
public final class Reductions {
    private Reductions() {}

    /** Sum of all elements, as a scalar. */
    public static Tensor sum(Tensor x) {
        return reduce(ReduceOp.SUM, x, allAxes(x), false);
    }

    /** Mean of all elements, as a scalar. */
    public static Tensor mean(Tensor x) {
        return reduce(ReduceOp.MEAN, x, allAxes(x), false);
    }

    private static int[] allAxes(Tensor x) {
        int[] a = new int[x.rank()];
        for (int i = 0; i < a.length; i++) a[i] = i;
        return a;
    }

    /**
     * Reduces over {@code axes} (negative counts from the end). With {@code keepDim} the reduced axes stay
     * as size 1. The gradient of MAX goes to every element equal to the maximum.
     */
    public static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDim) {
        boolean[] reduced = new boolean[x.rank()];
        for (int a : axes) {
            int n = x.shape().axis(a);
            if (reduced[n]) throw new ShapeException("axis " + a + " given twice to " + op.name().toLowerCase());
            reduced[n] = true;
        }
        Tensor xc = Views.contiguous(x);
        int[] kept = x.shape().toArray();
        Tensor cur = xc;
        // Reduce runs of adjacent axes in one pass each, last run first so earlier indices stay valid.
        int e = kept.length;
        while (e > 0) {
            while (e > 0 && !reduced[e - 1]) e--;
            if (e == 0) break;
            int s = e;
            while (s > 0 && reduced[s - 1]) s--;
            Shape cs = Shape.of(kept);
            int outer = cs.size(0, s);
            int n = cs.size(s, e);
            int inner = cs.size(e, kept.length);
            for (int i = s; i < e; i++) kept[i] = 1;
            Tensor next = Tensor.empty(Shape.of(kept), x.device());
            x.backend().reduce(op, cur, outer, n, inner, next);
            if (cur != xc) cur.close();
            cur = next;
            e = s;
        }
        Shape keptShape = Shape.of(kept);
        Tensor y = cur == xc ? copyOf(xc) : cur;
        if (!keepDim) {
            int[] dims = Arrays.stream(range(kept.length)).filter(i -> !reduced[i]).map(i -> kept[i]).toArray();
            Tensor squeezed = y.view(y.offset(), Shape.of(dims), Shape.of(dims).contiguousStrides());
            y.close();
            y = squeezed;
        }
        Shape inShape = x.shape();
        Tensor out = y;
        return Autograd.record(op.name().toLowerCase(), out, g -> {
            Tensor gk = Views.reshape(g, keptShape.toArray());
            Tensor ge = Views.expand(gk, inShape);
            return switch (op) {
                case SUM -> new Tensor[] {ge};
                case MEAN -> new Tensor[] {ge.mul((float) keptShape.numel() / inShape.numel())};
                case MAX -> {
                    Tensor yk = Views.reshape(out, keptShape.toArray());
                    Tensor mask = Elementwise.binary(BinaryOp.EQ, xc, yk);
                    yield new Tensor[] {ge.mul(mask)};
                }
            };
        }, xc);
    }

    private static Tensor copyOf(Tensor x) {
        Tensor y = Tensor.empty(x.shape(), x.device());
        x.backend().copy(x, y);
        return y;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /**
     * Sums {@code g} down to {@code shape}, undoing NumPy broadcasting; returns {@code g} itself when the
     * shapes already match.
     */
    public static Tensor sumTo(Tensor g, Shape shape) {
        if (g.shape().equals(shape)) return g;
        int lead = g.rank() - shape.rank();
        if (lead < 0) throw new ShapeException("cannot sum " + g.shape() + " down to " + shape);
        int n = 0;
        int[] axes = new int[g.rank()];
        for (int i = 0; i < g.rank(); i++) {
            if (i < lead || (shape.dim(i - lead) == 1 && g.dim(i) != 1)) axes[n++] = i;
        }
        Tensor s = reduce(ReduceOp.SUM, g, Arrays.copyOf(axes, n), true);
        return Views.reshape(s, shape.toArray());
    }
}
