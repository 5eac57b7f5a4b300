package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.Activation;

/** The stem: 3x3 conv to {@code outChannels} with stride {@code stride} (1 or 2), batch norm, activation. */
public record StemSpec(int outChannels, int stride, Activation activation) {
    public StemSpec {
        String why = CellSpec.channelsProblem(outChannels);
        if (why == null) why = CellSpec.strideProblem(stride);
        if (why == null) why = CellSpec.activationProblem(activation);
        if (why != null) throw new IllegalArgumentException("invalid stem: " + why);
    }

    @Override
    public String toString() {
        return ArchitectureCodec.encodeStem(this);
    }
}
