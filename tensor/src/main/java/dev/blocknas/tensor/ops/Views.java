package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/** Shape and layout ops: views that share storage, and the copies that make data contiguous or join it. */
public final class Views {
    private Views() {}

    /** This tensor if contiguous, else a contiguous copy (gradient passes straight through). */
    public static Tensor contiguous(Tensor x) {
        if (x.isContiguous()) return x;
        Tensor y = Tensor.empty(x.shape(), x.device());
        x.backend().copy(x, y);
        return Autograd.record("contiguous", y, g -> new Tensor[] {g}, x);
    }

    /** A view (or, for non-contiguous input, a copy) with new dimensions; one size may be -1. */
    public static Tensor reshape(Tensor x, int... dims) {
        Shape target = resolve(x.shape(), dims);
        if (target.equals(x.shape())) return x;
        Tensor c = contiguous(x);
        Tensor y = c.view(c.offset(), target, target.contiguousStrides());
        Shape from = x.shape();
        return Autograd.record("reshape", y, g -> new Tensor[] {reshape(g, from.toArray())}, c);
    }

    private static Shape resolve(Shape s, int[] dims) {
        int known = 1;
        int free = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == -1) {
                if (free >= 0)
                    throw new ShapeException("reshape to " + Arrays.toString(dims) + " has more than one -1");
                free = i;
            } else {
                known *= dims[i];
            }
        }
        int[] d = dims.clone();
        if (free >= 0) {
            if (known == 0 || s.numel() % known != 0) {
                throw new ShapeException("cannot reshape " + s + " to " + Arrays.toString(dims));
            }
            d[free] = s.numel() / known;
        }
        Shape t = Shape.of(d);
        if (t.numel() != s.numel()) throw new ShapeException("cannot reshape " + s + " to " + Arrays.toString(dims));
        return t;
    }

    /** Flattens dimensions [startDim, rank) into one. */
    public static Tensor flatten(Tensor x, int startDim) {
        int s = x.shape().axis(startDim);
        int[] d = new int[s + 1];
        for (int i = 0; i < s; i++) d[i] = x.dim(i);
        d[s] = x.shape().size(s, x.rank());
        return reshape(x, d);
    }

    /** Inserts a dimension of size 1 at {@code axis} (0..rank). */
    public static Tensor unsqueeze(Tensor x, int axis) {
        int r = x.rank();
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) throw new ShapeException("unsqueeze axis " + axis + " out of range for shape " + x.shape());
        int[] d = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) d[i] = i == a ? 1 : x.dim(j++);
        return reshape(x, d);
    }

    /** Reorders dimensions: output dimension i is input dimension order[i]. A view. */
    public static Tensor permute(Tensor x, int... order) {
        int r = x.rank();
        if (order.length != r) throw new ShapeException("permute " + Arrays.toString(order) + " for rank " + r);
        int[] dims = new int[r];
        int[] strides = new int[r];
        int[] inverse = new int[r];
        boolean[] used = new boolean[r];
        int[] xs = x.strides();
        for (int i = 0; i < r; i++) {
            int a = x.shape().axis(order[i]);
            if (used[a]) throw new ShapeException("permute " + Arrays.toString(order) + " repeats an axis");
            used[a] = true;
            dims[i] = x.dim(a);
            strides[i] = xs[a];
            inverse[a] = i;
        }
        Tensor y = x.view(x.offset(), Shape.of(dims), strides);
        return Autograd.record("permute", y, g -> new Tensor[] {permute(g, inverse)}, x);
    }

    /** Swaps two dimensions. A view. */
    public static Tensor transpose(Tensor x, int a, int b) {
        int[] order = new int[x.rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int aa = x.shape().axis(a);
        int bb = x.shape().axis(b);
        order[aa] = bb;
        order[bb] = aa;
        return permute(x, order);
    }

    /** Elements [start, start + length) along {@code axis}, as a view. */
    public static Tensor narrow(Tensor x, int axis, int start, int length) {
        int a = x.shape().axis(axis);
        if (start < 0 || length < 0 || start + length > x.dim(a)) {
            throw new ShapeException("narrow [" + start + ", " + (start + length) + ") out of range for axis " + axis
                    + " of shape " + x.shape());
        }
        Tensor y = x.view(x.offset() + start * x.stride(a), x.shape().with(a, length), x.strides());
        return Autograd.record("narrow", y, g -> {
            Tensor gx = Tensor.zerosLike(x);
            try (Tensor window = rawNarrow(gx, a, start, length)) {
                gx.backend().copy(g, window);
            }
            return new Tensor[] {gx};
        }, x);
    }

    /** A view for backends and op implementations; not recorded. */
    static Tensor rawNarrow(Tensor x, int axis, int start, int length) {
        return x.view(x.offset() + start * x.stride(axis), x.shape().with(axis, length), x.strides());
    }

    /**
     * A broadcast view of {@code x} with shape {@code target} (stride 0 on broadcast axes); not recorded.
     * Returns {@code x} itself when the shapes are equal.
     */
    public static Tensor expandView(Tensor x, Shape target) {
        if (x.shape().equals(target)) return x;
        int r = target.rank();
        int off = r - x.rank();
        if (off < 0) throw new ShapeException("cannot expand " + x.shape() + " to " + target);
        int[] strides = new int[r];
        int[] xs = x.strides();
        for (int i = 0; i < r; i++) {
            if (i < off) continue;
            int d = x.dim(i - off);
            if (d == target.dim(i)) strides[i] = xs[i - off];
            else if (d != 1) throw new ShapeException("cannot expand " + x.shape() + " to " + target);
        }
        return x.view(x.offset(), target, strides);
    }

    /** A contiguous copy of {@code x} broadcast to {@code target}, recorded (gradient summed back). */
    public static Tensor expand(Tensor x, Shape target) {
        if (x.shape().equals(target)) return x;
        Tensor y = Tensor.empty(target, x.device());
        try (Tensor v = expandView(x, target)) {
            x.backend().copy(v, y);
        }
        return Autograd.record("expand", y, g -> new Tensor[] {Reductions.sumTo(g, x.shape())}, x);
    }

    /** Joins tensors along {@code axis}; all other dimensions must match. */
    public static Tensor cat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) throw new ShapeException("cat of no tensors");
        Tensor first = parts.get(0);
        int a = first.shape().axis(axis);
        int total = 0;
        for (Tensor p : parts) {
            if (p.rank() != first.rank() || !p.shape().with(a, 1).equals(first.shape().with(a, 1))) {
                throw new ShapeException(
                        "cat along axis " + axis + " of shapes " + first.shape() + " and " + p.shape());
            }
            total += p.dim(a);
        }
        Tensor y = Tensor.empty(first.shape().with(a, total), first.device());
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            starts[i] = at;
            try (Tensor window = rawNarrow(y, a, at, p.dim(a))) {
                y.backend().copy(p, window);
            }
            at += p.dim(a);
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return Autograd.record("cat", y, g -> {
            Tensor[] gs = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                Tensor gi = Tensor.empty(inputs[i].shape(), g.device());
                try (Tensor window = rawNarrow(g, a, starts[i], inputs[i].dim(a))) {
                    g.backend().copy(window, gi);
                }
                gs[i] = gi;
            }
            return gs;
        }, inputs);
    }
}
