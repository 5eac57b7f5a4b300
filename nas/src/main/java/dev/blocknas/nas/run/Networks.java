package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.io.Safetensors;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Networks from weight files: the file's metadata names the architecture, the weights fill it. */
public final class Networks {
    private Networks() {}

    /**
     * Builds the network a weight file was saved from and loads its weights.
     *
     * @throws IllegalArgumentException with one sentence when the file is missing, corrupt or has no architecture
     */
    public static Network load(Path weights, int inChannels, int numClasses, Device device) {
        String arch;
        try {
            arch = Safetensors.readHeader(weights).metadata().get("architecture");
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No such weights file: " + weights + ".");
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not read " + weights + ": " + firstLine(e.getMessage()));
        }
        if (arch == null) {
            throw new IllegalArgumentException(weights.getFileName() + " does not say which architecture it holds (no \"architecture\" metadata).");
        }
        Network net = NetworkBuilder.build(Architecture.parse(arch), inChannels, numClasses, new Rng(0), device);
        try {
            net.load(weights);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw new IllegalArgumentException(firstLine(e.getMessage()));
        }
        return net;
    }

    static String firstLine(String s) {
        return s == null ? "unknown error" : s.split("\n")[0];
    }
}
