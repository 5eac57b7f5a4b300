package dev.blocknas.nas.api;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.data.Augment;
import dev.blocknas.layers.data.Dataset;
import dev.blocknas.layers.data.Mnist;
import dev.blocknas.nas.run.Networks;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.NetworkTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.layers.data.ChannelStats;
import dev.blocknas.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The public API's predictions and {@code blocknas eval}'s evaluation agree image by image on the embedded test digits. */
class PredictMatchesEvalTest {
    @Test
    void predictAndEvaluateCountTheSameDigitsRight(@TempDir Path dir) throws Exception {
        Path weights = dir.resolve("weights.safetensors");
        try (var in = getClass().getResourceAsStream("/dev/blocknas/example/mnist-weights.safetensors")) {
            Files.copy(in, weights);
        }
        Dataset test = Mnist.embeddedTest();
        // what blocknas eval --data mnist evaluates: the embedded test digits with MNIST's normalisation
        Task task = new Task("mnist", test, test, test, ChannelStats.MNIST, Augment.identity());
        Evaluation ev;
        try (Network net = Networks.load(weights, 1, 10, Device.CPU)) {
            ev = NetworkTrainer.evaluate(net, task, test, 250, Device.CPU);
        }
        List<float[][][]> images = new ArrayList<>();
        float[] flat = new float[28 * 28];
        for (int i = 0; i < test.size(); i++) {
            test.image(i, flat, 0);
            float[][][] img = new float[1][28][28];
            for (int y = 0; y < 28; y++) System.arraycopy(flat, y * 28, img[0][y], 0, 28);
            images.add(img);
        }
        int correct = 0;
        try (BlocknasNetwork net = BlocknasNetwork.load(weights)) {
            float[][] p = net.predict(images);
            for (int i = 0; i < p.length; i++) if (net.top(p[i]) == test.label(i)) correct++;
        }
        assertEquals(Mnist.embeddedTest().size(), ev.images());
        assertEquals((int) Math.round(ev.accuracy() * ev.images()), correct);
        assertEquals(1891, correct, "what blocknas eval printed for these weights (94.74%)");
    }
}
