package dev.blocknas.nas.cli;

import dev.blocknas.nas.onnx.OnnxExport;
import dev.blocknas.nas.run.Networks;
import dev.blocknas.nas.run.SavedNetwork;
import dev.blocknas.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code blocknas export}: saved weights as a model for other runtimes. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export saved weights as an ONNX model (opset " + OnnxExport.OPSET
                + ", any batch size, pixels in [0, 1] in,"
                + " logits out; the normalisation is part of the graph and recorded in its metadata with the class names).")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--weights", required = true, description = "weights.safetensors written by train or search")
    Path weights;

    @Option(names = "--format", defaultValue = "onnx", description = "output format: onnx (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", required = true, description = "the model file to write (replaced only once complete)")
    Path out;

    @Override
    public Integer call() {
        if (!format.toLowerCase(Locale.ROOT).equals("onnx")) {
            throw new IllegalArgumentException("Unknown export format \"" + format + "\": use onnx.");
        }
        if (Files.isDirectory(out))
            throw new IllegalArgumentException("--out " + out + " is a folder; name the .onnx file to write.");
        // The CPU holds the weights as they are on disk; exporting needs no GPU.
        try (SavedNetwork saved = Networks.open(weights, Device.CPU)) {
            OnnxExport.write(saved.network(), saved.input(), out);
            System.out.printf("%s: wrote %s (%s, %d classes, input %dx%dx%d)%n", saved.network().architecture(), out,
                    "ONNX opset " + OnnxExport.OPSET, saved.network().head().numClasses(), saved.input().channels(),
                    saved.input().height(), saved.input().width());
        }
        return 0;
    }
}
