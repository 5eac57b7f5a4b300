package dev.blocknas.supernet.space;

import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.nn.Activation;

/** A candidate operation of one searchable layer: an MBConv of a kernel and expansion, or the identity. */
public record OpSpec(int kernel, int expansion) {

    /** The identity: the layer is skipped (only where stride is 1 and the width does not change). */
    public static final OpSpec SKIP = new OpSpec(0, 0);

    public OpSpec {
        boolean skip = kernel == 0 && expansion == 0;
        if (!skip && (kernel != 3 && kernel != 5 && kernel != 7 || expansion < 1)) {
            throw new SearchSpaceFormatException("an operation needs kernel 3, 5 or 7 and expansion >= 1, got kernel "
                    + kernel + " and expansion " + expansion + ".");
        }
    }

    public boolean isSkip() {
        return kernel == 0;
    }

    /** This operation as a cell of the given width and stride. */
    public CellSpec cell(int outChannels, int stride, double seRatio, Activation act) {
        return isSkip() ? CellSpec.SKIP : CellSpec.ir(kernel, expansion, outChannels, stride, seRatio, act);
    }

    @Override
    public String toString() {
        return isSkip() ? "skip" : "k" + kernel + "_e" + expansion;
    }
}
