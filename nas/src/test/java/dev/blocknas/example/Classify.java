package dev.blocknas.example;

import dev.blocknas.nas.api.BlocknasNetwork;

import java.io.File;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The README's Java example, verbatim: classify a picture with saved weights, then export them to ONNX. */
public class Classify {
    public static void main(String[] args) throws Exception {
        Path weights = Path.of(args[0]);                        // runs/train/weights.safetensors
        try (BlocknasNetwork net = BlocknasNetwork.load(weights)) {
            float[] p = net.predict(ImageIO.read(new File(args[1])));   // any PNG or JPEG
            System.out.printf("%s: %s (%.1f%%)%n", net.architecture(), net.label(p), 100 * p[net.top(p)]);
            float[][] batch = net.predict(new float[8][net.channels()][net.height()][net.width()]);   // 8 black images
            System.out.println("a black image looks like " + net.label(batch[0]));
            net.exportOnnx(Path.of(args[2]));                   // model.onnx for ONNX Runtime
        }
    }
}
