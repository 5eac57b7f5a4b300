package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.layers.data.InputSpec;
import dev.blocknas.layers.io.Safetensors;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Networks from weight files: the file's metadata names the architecture, the weights fill it. */
public final class Networks {
    private Networks() {}

    /**
     * Builds the network a weight file was saved from and loads its weights.
     *
     * @throws IllegalArgumentException with one sentence when the file is missing, corrupt or has no architecture
     */
    public static Network load(Path weights, int inChannels, int numClasses, Device device) {
        Safetensors.Header header = header(weights);
        String arch = header.metadata().get("architecture");
        if (arch == null) {
            throw new IllegalArgumentException(weights.getFileName()
                    + " does not say which architecture it holds (no \"architecture\" metadata).");
        }
        Architecture a = Architecture.parse(arch);
        // Checked before building, which would allocate every weight the header's architecture names.
        long held = header.entries().values().stream().mapToLong(e -> e.shape().numel()).sum();
        long needed = ParameterCount.of(a, inChannels, numClasses);
        if (held < needed || needed < 0) {
            throw new IllegalArgumentException(String.format(
                    "%s holds %,d weights but the architecture it names has %,d parameters:"
                            + " the file is cut off or was not written for that network.",
                    weights.getFileName(), held, needed));
        }
        RunPlan.checkFits("Loading " + weights.getFileName(), RunPlan.weightBytes(a, inChannels, numClasses),
                "its weights", device,
                "use a machine with more memory");
        Network net = NetworkBuilder.build(a, inChannels, numClasses, new Rng(0), device);
        try {
            net.load(weights);
            requireFinite(net, weights);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e instanceof IllegalArgumentException i ? i : new IllegalArgumentException(firstLine(e.getMessage()));
        }
        return net;
    }

    /** The file's header, or one sentence saying why it cannot be read. */
    private static Safetensors.Header header(Path weights) {
        try {
            return Safetensors.readHeader(weights);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No such weights file: " + weights + ".");
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not read " + weights + ": " + firstLine(e.getMessage()));
        }
    }

    /** A diverged network's NaN weights would evaluate to chance accuracy as if they were a result. */
    private static void requireFinite(Network net, Path weights) {
        for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
            for (float v : e.getValue().toArray()) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(weights.getFileName() + " holds " + v + " in " + e.getKey()
                            + ": the training that wrote it diverged, so the network cannot be used.");
                }
            }
        }
    }

    /**
     * Builds and loads the network of a weight file with no data set to say its widths: input channels and
     * classes come from the tensors' shapes, the input's size, normalisation and class names from the
     * metadata ({@link InputSpec#fromMetadata}, MNIST's for files saved before it was recorded).
     *
     * @throws IllegalArgumentException with one sentence when the file is missing, corrupt or inconsistent
     */
    public static SavedNetwork open(Path weights, Device device) {
        Safetensors.Header header = header(weights);
        Map<String, Safetensors.Entry> entries = header.entries();
        Safetensors.Entry classifier = entries.get("head.classifier.weight");
        String arch = header.metadata().get("architecture");
        if (classifier == null || classifier.shape().rank() != 2 || arch == null) {
            throw new IllegalArgumentException(weights.getFileName() + " does not hold a blocknas network"
                    + (arch == null ? " (no \"architecture\" metadata)." : " (no head.classifier.weight)."));
        }
        int classes = classifier.shape().dim(0);
        int channels = inputChannels(Architecture.parse(arch), entries, classifier.shape().dim(1));
        if (channels < 1)
            throw new IllegalArgumentException(weights.getFileName() + " lacks the weights of its first layer.");
        InputSpec input = InputSpec.fromMetadata(header.metadata(), channels, classes);
        return new SavedNetwork(load(weights, channels, classes, device), input);
    }

    /** What a network trained on {@code task} with {@code numClasses} outputs expects, as saved with its weights. */
    public static InputSpec inputOf(Task task, int numClasses) {
        return InputSpec.of(task.train(), task.stats(), numClasses, task.name());
    }

    /**
     * The image channels: the input width of the first layer with weights, found by name (files written
     * elsewhere may list tensors in any order).
     */
    private static int inputChannels(Architecture arch, Map<String, Safetensors.Entry> entries, int classifierIn) {
        if (arch.hasStem()) return dim(entries.get("stem.conv.weight"), 1);
        for (int i = 0; i < arch.stages().size(); i++) {
            for (int j = 0; j < arch.stages().get(i).size(); j++) {
                if (arch.stages().get(i).get(j).isSkip()) continue;
                String cell = "blocks." + i + "." + j + ".";
                return entries.containsKey(cell + "conv_pw.weight")
                        ? dim(entries.get(cell + "conv_pw.weight"), 1)
                        : dim(entries.get(cell + "conv_dw.weight"), 0);
            }
        }
        return arch.hasHead() ? dim(entries.get("head.conv.weight"), 1) : classifierIn;
    }

    private static int dim(Safetensors.Entry e, int i) {
        return e == null || e.shape().rank() != 4 ? -1 : e.shape().dim(i);
    }

    static String firstLine(String s) {
        return s == null ? "unknown error" : s.split("\n")[0];
    }
}
