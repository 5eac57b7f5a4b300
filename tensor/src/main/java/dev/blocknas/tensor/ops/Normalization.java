package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;

/** Batch normalisation over the channels of NCHW images. */
public final class Normalization {
    private Normalization() {}

    /**
     * Batch norm of x [N, C, H, W] with per-channel gamma, beta [C]. In training mode it normalises with the
     * batch's statistics and updates {@code runningMean}/{@code runningVar} in place (not recorded); in eval
     * mode it uses them.
     */
    public static Tensor batchNorm2d(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, float momentum, float eps) {
        check(x, training, gamma, beta, runningMean, runningVar);
        return training
                ? training(x, gamma, beta, runningMean, runningVar, momentum, eps, null)
                : inference(x, gamma, beta, runningMean, runningVar, eps);
    }

    /**
     * {@code act} of {@link #batchNorm2d}, with the same values and gradients bit for bit. In training mode a backend
     * with a fused kernel does both in one pass and keeps no normalised tensor for the backward pass (it recomputes
     * it from x): on the CPU that saves two passes over memory of the four the activation and the normalisation
     * make. Otherwise, and in eval mode, the two ops are composed.
     */
    public static Tensor batchNorm2dActivation(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean,
                                               Tensor runningVar, boolean training, float momentum, float eps,
                                               UnaryOp act) {
        check(x, training, gamma, beta, runningMean, runningVar);
        if (x.backend().fusesBatchNormActivation(act)) {
            if (training) return training(x, gamma, beta, runningMean, runningVar, momentum, eps, act);
            // Inference is fused only where nothing is recorded: its backward is that of the two ops.
            if (!Autograd.isEnabled() || !(x.requiresGrad() || gamma.requiresGrad() || beta.requiresGrad())) {
                Tensor y = Tensor.empty(x.shape(), x.device());
                x.backend().batchNormActivationInference(act, Views.contiguous(x), gamma, beta, runningMean,
                        runningVar, eps, y);
                return y;
            }
        }
        Tensor norm = training
                ? training(x, gamma, beta, runningMean, runningVar, momentum, eps, null)
                : inference(x, gamma, beta, runningMean, runningVar, eps);
        return Elementwise.unary(act, 0f, norm);
    }

    /** Training mode, then {@code act} in the same fused pass unless it is null. */
    private static Tensor training(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                   float momentum, float eps, UnaryOp act) {
        int c = x.dim(1);
        Tensor xc = Views.contiguous(x);
        Backend be = x.backend();
        Tensor y = Tensor.empty(x.shape(), x.device());
        Tensor mean = Tensor.empty(x.device(), c);
        Tensor invStd = Tensor.empty(x.device(), c);
        if (act == null) be.batchNormTraining(xc, gamma, beta, runningMean, runningVar, momentum, eps, y, mean, invStd);
        else
            be.batchNormActivationTraining(act, xc, gamma, beta, runningMean, runningVar, momentum, eps, y, mean,
                    invStd);
        return Autograd.record(act == null ? "batch_norm" : "batch_norm_" + act.name().toLowerCase(), y, g -> {
            Tensor gc = Views.contiguous(g);
            Tensor gx = Tensor.empty(xc.shape(), xc.device());
            Tensor gg = Tensor.empty(gamma.shape(), gamma.device());
            Tensor gb = Tensor.empty(beta.shape(), beta.device());
            if (act == null) be.batchNormBackward(xc, gc, gamma, mean, invStd, gx, gg, gb);
            else be.batchNormActivationBackward(act, xc, y, gc, gamma, beta, mean, invStd, gx, gg, gb);
            return new Tensor[] {xc.requiresGrad() ? gx : null, gamma.requiresGrad() ? gg : null,
                    beta.requiresGrad() ? gb : null};
        }, xc, gamma, beta);
    }

    private static Tensor inference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                    float eps) {
        int c = x.dim(1);
        Tensor xc = Views.contiguous(x);
        Tensor y = Tensor.empty(x.shape(), x.device());
        x.backend().batchNormInference(xc, gamma, beta, runningMean, runningVar, eps, y);
        return Autograd.record("batch_norm_eval", y, g -> {
            // y = (x - mean) * scale + beta with scale = gamma / sqrt(var + eps), per channel.
            Tensor scale4;
            Tensor xhat;
            Tensor invStd = runningVar.add(eps).sqrt().pow(-1f);
            scale4 = Views.reshape(gamma.mul(invStd), 1, c, 1, 1);
            xhat = xc.sub(Views.reshape(runningMean, 1, c, 1, 1)).mul(Views.reshape(invStd, 1, c, 1, 1));
            int[] axes = {0, 2, 3};
            return new Tensor[] {
                    xc.requiresGrad() ? g.mul(scale4) : null,
                    gamma.requiresGrad() ? g.mul(xhat).sum(axes, false) : null,
                    beta.requiresGrad() ? g.sum(axes, false) : null};
        }, xc, gamma, beta);
    }

    private static void check(Tensor x, boolean training, Tensor... params) {
        if (x.rank() != 4) throw new ShapeException("batch norm 2d needs input [N, C, H, W], got " + x.shape());
        int c = x.dim(1);
        for (Tensor p : params) {
            if (p.rank() != 1 || p.dim(0) != c) {
                throw new ShapeException("batch norm 2d over " + c + " channels got a parameter of shape " + p.shape());
            }
        }
        if (training && x.dim(0) * x.dim(2) * x.dim(3) < 2) {
            throw new ShapeException(
                    "batch norm 2d in training mode needs more than one value per channel, got input " + x.shape());
        }
    }
}
