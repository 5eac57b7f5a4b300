package dev.blocknas.nas.cli;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.nas.run.Networks;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.NetworkTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code blocknas eval}: test accuracy of saved weights. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate saved weights on the test images.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--weights", required = true, description = "weights.safetensors written by train or search")
    Path weights;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() {
        SearchSpace s = dataOptions.space();
        Device d = device.open();
        Task task = dataOptions.task(s, 0);
        try (Network net = Networks.load(weights, s.inChannels(), s.numClasses(), d)) {
            Evaluation ev = NetworkTrainer.evaluate(net, task, task.test(), 250, d);
            System.out.printf("%s: test accuracy %.2f%% (loss %.4f) on %d images%n", net.architecture(),
                    100 * ev.accuracy(),
                    ev.loss(), ev.images());
        }
        return 0;
    }
}
