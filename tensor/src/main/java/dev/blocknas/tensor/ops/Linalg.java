package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Shape;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Tensor;

/** Matrix products: batched matmul and fully connected layers. */
public final class Linalg {
    private Linalg() {}

    /**
     * Matrix product of [m, k] x [k, n], or batched [B, m, k] x [B, k, n]; a rank-2 operand is shared across
     * the other's batch.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() < 2 || a.rank() > 3 || b.rank() < 2 || b.rank() > 3) {
            throw new ShapeException("matmul needs rank-2 or rank-3 operands, got " + a.shape() + " and " + b.shape());
        }
        int batch = Math.max(a.rank() == 3 ? a.dim(0) : 1, b.rank() == 3 ? b.dim(0) : 1);
        if ((a.rank() == 3 && a.dim(0) != batch) || (b.rank() == 3 && b.dim(0) != batch)) {
            throw new ShapeException("matmul batch sizes differ: " + a.shape() + " and " + b.shape());
        }
        int m = a.dim(-2);
        int k = a.dim(-1);
        int n = b.dim(-1);
        if (b.dim(-2) != k) throw new ShapeException("matmul inner sizes differ: " + a.shape() + " x " + b.shape());
        Tensor ac = Views.contiguous(a);
        Tensor bc = Views.contiguous(b);
        int sa = a.rank() == 3 ? m * k : 0;
        int sb = b.rank() == 3 ? k * n : 0;
        boolean batched = a.rank() == 3 || b.rank() == 3;
        Tensor y = batched ? Tensor.empty(a.device(), batch, m, n) : Tensor.empty(a.device(), m, n);
        Backend be = a.backend();
        be.gemm(false, false, batch, m, n, k, 1f, ac, sa, bc, sb, 0f, y, m * n);
        return Autograd.record("matmul", y, g -> {
            Tensor gc = Views.contiguous(g);
            Tensor ga = null;
            Tensor gb = null;
            if (ac.requiresGrad()) {
                if (sa == 0 && batched) {
                    ga = sharedLeftGrad(gc, bc, m, k, n, batch);
                } else {
                    ga = Tensor.empty(ac.shape(), ac.device());
                    be.gemm(false, true, batch, m, k, n, 1f, gc, m * n, bc, sb, 0f, ga, sa == 0 ? 0 : m * k);
                }
            }
            if (bc.requiresGrad()) {
                gb = Tensor.empty(bc.shape(), bc.device());
                if (sb == 0 && batched) { // shared B: A^T over all stacked rows times G
                    be.gemm(true, false, 1, k, n, batch * m, 1f, ac, 0, gc, 0, 0f, gb, 0);
                } else {
                    be.gemm(true, false, batch, k, n, m, 1f, ac, sa, gc, m * n, 0f, gb, k * n);
                }
            }
            return new Tensor[] {ga, gb};
        }, ac, bc);
    }

    /** Gradient of a left operand shared across the batch: the sum over b of G_b B_b^T, accumulated in place. */
    private static Tensor sharedLeftGrad(Tensor g, Tensor b, int m, int k, int n, int batch) {
        Tensor acc = Tensor.zeros(g.device(), m, k);
        for (int i = 0; i < batch; i++) {
            try (Tensor gi = g.view(g.offset() + i * m * n, Shape.of(m, n), new int[] {n, 1});
                    Tensor bi = b.view(b.offset() + i * k * n, Shape.of(k, n), new int[] {n, 1})) {
                g.backend().gemm(false, true, 1, m, k, n, 1f, gi, 0, bi, 0, 1f, acc, 0);
            }
        }
        return acc;
    }

    /** Fully connected layer: x [N, in] times w [out, in] transposed, plus bias [out] when not null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        if (x.rank() != 2 || w.rank() != 2 || x.dim(1) != w.dim(1)) {
            throw new ShapeException("linear: input " + x.shape() + " does not match weight " + w.shape()
                    + " (expected input [N, " + (w.rank() == 2 ? w.dim(1) : "?") + "])");
        }
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != w.dim(0))) {
            throw new ShapeException("linear: bias " + bias.shape() + " does not match weight " + w.shape());
        }
        int n = x.dim(0);
        int in = x.dim(1);
        int out = w.dim(0);
        Tensor xc = Views.contiguous(x);
        Tensor wc = Views.contiguous(w);
        Tensor y = Tensor.empty(x.device(), n, out);
        Backend be = x.backend();
        be.gemm(false, true, 1, n, out, in, 1f, xc, 0, wc, 0, 0f, y, 0);
        Tensor r = Autograd.record("linear", y, g -> {
            Tensor gc = Views.contiguous(g);
            Tensor gx = null;
            Tensor gw = null;
            if (xc.requiresGrad()) {
                gx = Tensor.empty(xc.shape(), xc.device());
                be.gemm(false, false, 1, n, in, out, 1f, gc, 0, wc, 0, 0f, gx, 0);
            }
            if (wc.requiresGrad()) {
                gw = Tensor.empty(wc.shape(), wc.device());
                be.gemm(true, false, 1, out, in, n, 1f, gc, 0, xc, 0, 0f, gw, 0);
            }
            return new Tensor[] {gx, gw};
        }, xc, wc);
        return bias == null ? r : r.add(bias);
    }
}
