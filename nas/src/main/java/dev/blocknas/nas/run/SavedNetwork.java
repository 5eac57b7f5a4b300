package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.data.InputSpec;

/**
 * A network loaded from a weight file together with the images it expects; closing it frees the network.
 *
 * @param network the network, in whatever mode it was built (call {@code eval()} before inference)
 * @param input   its input size, normalisation and class names
 */
public record SavedNetwork(Network network, InputSpec input) implements AutoCloseable {
    @Override
    public void close() {
        network.close();
    }
}
