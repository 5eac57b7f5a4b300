package dev.blocknas.bench.peers;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.blocknas.bench.cpu.CpuMBConvBench;
import dev.blocknas.bench.cpu.NetworkWorkload;
import dev.blocknas.layers.nn.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Only with -Ppeers: the DJL twins of the benchmarked networks and cells have exactly our parameter counts, and
 * the PyTorch engine loads offline from the native jar on the class path. Nothing is timed.
 */
class DjlNetworksTest {
    @Test
    void everyNetworkHasOurParameterCount() {
        for (NetworkWorkload w : NetworkWorkload.ALL) {
            Block block = DjlNetworks.network(w.arch(), w.channels(), NetworkWorkload.CLASSES);
            try (Model model = Model.newInstance(w.key(), ai.djl.Device.cpu(), "PyTorch")) {
                model.setBlock(block);
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                    trainer.initialize(new Shape(2, w.channels(), w.size(), w.size()));
                    assertEquals(w.params(), DjlNetworks.trainableParameters(block), w.key());
                }
            }
        }
    }

    @Test
    void everyCellHasOurParameterCount() {
        String[] cells = {"40:40:28:5:6:1:0", "24:40:56:7:3:2:0", "32:32:32:3:6:1:0", "24:24:14:5:6:1:1"};
        try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch")) {
            for (String c : cells) {
                CpuMBConvBench ours = CpuMBConvBench.of(c, 2);
                String[] f = c.split(":");
                int cin = Integer.parseInt(f[0]);
                boolean se = f[6].equals("1");
                Block block = DjlNetworks.mbconv(cin, Integer.parseInt(f[1]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), se ? Math.max(1, cin / 4) : 0, se ? Activation.SWISH : Activation.RELU6);
                int h = Integer.parseInt(f[2]);
                block.initialize(manager, DataType.FLOAT32, new Shape(2, cin, h, h));
                assertEquals(ours.parameterCount(), DjlNetworks.trainableParameters(block), c);
                ours.tearDown();
            }
        }
    }
}
