package dev.blocknas.supernet.net;

import dev.blocknas.layers.nn.BatchNorm2d;
import dev.blocknas.layers.nn.Conv2d;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

/**
 * A linear 1x1 convolution with batch norm that maps features between the teacher's width and a block's
 * searched width. Shared by every candidate of a block, it lets each candidate run exactly as it will in the
 * stand-alone network (same widths, same residuals) while reading and writing the teacher's features: widening
 * the candidates' last layer instead hands one-layer cells a layer at the teacher's width that deeper cells
 * lack, which biased the ratings toward shallow cells.
 */
public final class WidthAdapter extends Module {
    private final Conv2d conv;
    private final BatchNorm2d bn;

    public WidthAdapter(int in, int out, Rng rng, Device device) {
        conv = registerModule("conv", new Conv2d(in, out, 1, 1, false, rng, device));
        bn = registerModule("bn", new BatchNorm2d(out, device));
    }

    @Override
    public Tensor forward(Tensor x) {
        return bn.forward(conv.forward(x));
    }
}
