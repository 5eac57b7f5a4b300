package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Tensor;

/** Log-softmax and the losses used to train and rate networks. */
public final class Losses {
    private Losses() {}

    /** Row-wise log-softmax of x [rows, classes]. */
    public static Tensor logSoftmax(Tensor x) {
        if (x.rank() != 2) throw new ShapeException("log-softmax needs [rows, classes], got " + x.shape());
        Tensor xc = Views.contiguous(x);
        Backend be = x.backend();
        Tensor y = Tensor.empty(x.shape(), x.device());
        be.logSoftmax(xc, y);
        return Autograd.record("log_softmax", y, g -> {
            Tensor gx = Tensor.empty(xc.shape(), xc.device());
            be.logSoftmaxBackward(y, Views.contiguous(g), gx);
            return new Tensor[] {gx};
        }, xc);
    }

    /**
     * Mean cross-entropy of logits [N, classes] against class indices {@code labels} [N] (floats), with label
     * smoothing {@code smoothing} in [0, 1).
     */
    public static Tensor crossEntropy(Tensor logits, Tensor labels, float smoothing) {
        if (logits.rank() != 2 || labels.rank() != 1 || labels.dim(0) != logits.dim(0)) {
            throw new ShapeException("cross-entropy needs logits [N, classes] and labels [N], got " + logits.shape()
                    + " and " + labels.shape());
        }
        if (smoothing < 0 || smoothing >= 1)
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        Tensor lc = Views.contiguous(logits);
        Backend be = logits.backend();
        int n = logits.dim(0);
        Tensor perRow = Tensor.empty(logits.device(), n);
        Tensor dlogits = lc.requiresGrad() && Autograd.isEnabled() ? Tensor.empty(lc.shape(), lc.device()) : null;
        be.softmaxCrossEntropy(lc, Views.contiguous(labels), smoothing, perRow, dlogits);
        Tensor loss;
        try (Autograd.Mode ignored = Autograd.noGrad()) {
            loss = perRow.mean();
        }
        perRow.close();
        return Autograd.record("cross_entropy", loss,
                g -> new Tensor[] {dlogits.mul(Views.reshape(g, 1, 1)).mul(1f / n)}, lc);
    }

    /** Mean cross-entropy without label smoothing. */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return crossEntropy(logits, labels, 0f);
    }

    /** Mean squared error over all elements. */
    public static Tensor mse(Tensor a, Tensor b) {
        Elementwise.sameShape("mse", a, b);
        return a.sub(b).square().mean();
    }

    /** Mean absolute error over all elements. */
    public static Tensor l1(Tensor a, Tensor b) {
        Elementwise.sameShape("l1", a, b);
        return a.sub(b).abs().mean();
    }
}
