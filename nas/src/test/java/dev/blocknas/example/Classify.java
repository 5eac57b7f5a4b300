package dev.blocknas.example;

import dev.blocknas.nas.api.BlocknasNetwork;
import dev.blocknas.nas.api.Search;
import dev.blocknas.nas.api.SearchOutcome;

import java.io.File;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The README's Java example, verbatim: search a network under a budget, classify a picture with it, export it to ONNX. */
public class Classify {
    public static void main(String[] args) throws Exception {
        SearchOutcome found = Search.builder()
                .space(args[0]).data("mnist").maxParams(50_000) // a preset (mnist) or a JSON file; the budget
                .epochs(1).retrainEpochs(1).limitTrain(320) // a quick first try
                .out(Path.of(args[1])).listener(System.out::println)
                .run();
        System.out.printf("found %s: %,d parameters, %.1f%% test accuracy%n",
                found.architecture(), found.params(), 100 * found.testAccuracy().orElse(0));
        try (BlocknasNetwork net = BlocknasNetwork.load(found.weights())) {
            float[] p = net.predict(ImageIO.read(new File(args[2]))); // any PNG or JPEG
            System.out.printf("%s looks like %s (%.1f%%)%n", args[2], net.label(p), 100 * p[net.top(p)]);
            net.exportOnnx(Path.of(args[3])); // model.onnx for ONNX Runtime
        }
    }
}
