package dev.blocknas.layers.arch;

import dev.blocknas.layers.nn.Activation;

/** The head: 1x1 conv to {@code outChannels}, batch norm, activation, global pool, dropout, classifier. */
public record HeadSpec(int outChannels, Activation activation) {
    public HeadSpec {
        String why = CellSpec.channelsProblem(outChannels);
        if (why == null) why = CellSpec.activationProblem(activation);
        if (why != null) throw new IllegalArgumentException("invalid head: " + why);
    }

    @Override
    public String toString() {
        return ArchitectureCodec.encodeHead(this);
    }
}
