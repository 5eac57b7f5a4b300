package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.Conv2dSpec;
import dev.blocknas.tensor.ShapeException;
import dev.blocknas.tensor.Tensor;

/** 2-D convolutions over NCHW images: the general grouped/dilated one and the dedicated depthwise one. */
public final class Convolutions {
    private Convolutions() {}

    /**
     * General convolution of x [N, Cin, H, W] with w [Cout, Cin/groups, k, k], plus bias [Cout] when not null.
     * A depthwise case (groups == Cin == Cout, dilation 1) runs on the dedicated depthwise primitive.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int padding, int dilation, int groups) {
        if (x.rank() != 4 || w.rank() != 4 || w.dim(2) != w.dim(3)) {
            throw new ShapeException(
                    "conv2d needs input [N, C, H, W] and a square weight [Cout, Cin/groups, k, k], got "
                            + x.shape() + " and " + w.shape());
        }
        int cin = x.dim(1);
        int cout = w.dim(0);
        if (cin % groups != 0 || cout % groups != 0 || w.dim(1) * groups != cin) {
            throw new ShapeException(
                    "conv2d: input " + x.shape() + " with " + groups + " groups does not match weight " + w.shape());
        }
        Conv2dSpec spec = new Conv2dSpec(w.dim(2), stride, padding, dilation, groups);
        int ho = spec.out(x.dim(2));
        int wo = spec.out(x.dim(3));
        if (ho <= 0 || wo <= 0) {
            throw new ShapeException("conv2d: input " + x.shape() + " is smaller than the kernel " + w.shape());
        }
        Tensor y;
        if (groups == cin && cout == cin && dilation == 1) {
            y = depthwiseConv2d(x, w, stride, padding);
        } else {
            Tensor xc = Views.contiguous(x);
            Tensor wc = Views.contiguous(w);
            Backend be = x.backend();
            Tensor out = Tensor.empty(x.device(), x.dim(0), cout, ho, wo);
            be.conv2d(xc, wc, spec, out);
            y = Autograd.record("conv2d", out, g -> {
                Tensor gc = Views.contiguous(g);
                Tensor gx = null;
                Tensor gw = null;
                if (xc.requiresGrad()) {
                    gx = Tensor.empty(xc.shape(), xc.device());
                    be.conv2dBackwardData(gc, wc, spec, gx);
                }
                if (wc.requiresGrad()) {
                    gw = Tensor.empty(wc.shape(), wc.device());
                    be.conv2dBackwardFilter(xc, gc, spec, gw);
                }
                return new Tensor[] {gx, gw};
            }, xc, wc);
        }
        return bias == null ? y : y.add(Views.reshape(bias, 1, cout, 1, 1));
    }

    /** Depthwise convolution of x [N, C, H, W] with w [C, 1, k, k] (k odd), stride 1 or more, padding p. */
    public static Tensor depthwiseConv2d(Tensor x, Tensor w, int stride, int padding) {
        if (x.rank() != 4 || w.rank() != 4 || w.dim(0) != x.dim(1) || w.dim(1) != 1 || w.dim(2) != w.dim(3)) {
            throw new ShapeException("depthwise conv2d needs input [N, C, H, W] and weight [C, 1, k, k], got "
                    + x.shape() + " and " + w.shape());
        }
        Conv2dSpec spec = new Conv2dSpec(w.dim(2), stride, padding, 1, x.dim(1));
        int ho = spec.out(x.dim(2));
        int wo = spec.out(x.dim(3));
        if (ho <= 0 || wo <= 0) {
            throw new ShapeException(
                    "depthwise conv2d: input " + x.shape() + " is smaller than the kernel " + w.shape());
        }
        Tensor xc = Views.contiguous(x);
        Tensor wc = Views.contiguous(w);
        Backend be = x.backend();
        Tensor y = Tensor.empty(x.device(), x.dim(0), x.dim(1), ho, wo);
        be.depthwiseConv2d(xc, wc, stride, padding, y);
        return Autograd.record("depthwise_conv2d", y, g -> {
            Tensor gc = Views.contiguous(g);
            Tensor gx = null;
            Tensor gw = null;
            if (xc.requiresGrad()) {
                gx = Tensor.empty(xc.shape(), xc.device());
                be.depthwiseConv2dBackwardData(gc, wc, stride, padding, gx);
            }
            if (wc.requiresGrad()) {
                gw = Tensor.empty(wc.shape(), wc.device());
                be.depthwiseConv2dBackwardFilter(xc, gc, stride, padding, gw);
            }
            return new Tensor[] {gx, gw};
        }, xc, wc);
    }
}
