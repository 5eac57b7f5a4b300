package dev.blocknas.nas.cli;

import dev.blocknas.layers.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.Flops;
import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.nas.run.Architectures;
import dev.blocknas.nas.run.Networks;
import dev.blocknas.nas.run.RunConsole;
import dev.blocknas.nas.run.RunPlan;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.train.Evaluation;
import dev.blocknas.supernet.train.NetworkTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code blocknas train}: trains a network from scratch and writes its weights and accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network from scratch; writes weights.safetensors and result.json into --out.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--arch", required = true,
            description = "an architecture string, or a file holding one (architecture.txt, architectures.json)")
    String arch;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    DeviceOption device;

    @Option(names = "--epochs", defaultValue = "5", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "0.1",
            description = "peak learning rate of SGD with cosine decay (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "runs/train", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1 || batch < 2)
            throw new IllegalArgumentException("--epochs must be at least 1 and --batch at least 2.");
        Architecture a = Architecture.parse(Architectures.fromArgument(arch));
        SearchSpace s = dataOptions.space();
        Device d = device.open();
        RunPlan.checkTraining("Training " + a, a, s, batch, d, "lower --batch or use a smaller network");
        Task task = dataOptions.task(s, seed);
        boolean made = OutputFolder.prepare(out, "--out");
        try {
            return trainInto(a, s, d, task);
        } catch (RuntimeException | Error e) {
            if (made) OutputFolder.removeIfEmpty(out);
            throw e;
        }
    }

    private int trainInto(Architecture a, SearchSpace s, Device d, Task task) throws Exception {
        try (RunConsole console = new RunConsole(System.out, false);
                Network net = NetworkBuilder.build(a, s.inChannels(), s.numClasses(), new Rng(seed), d)) {
            console.line(
                    "training " + a + " (" + String.format("%,d", ParameterCount.of(a, s.inChannels(), s.numClasses()))
                            + " parameters) on " + dataOptions.data + " for " + epochs + " epochs");
            long steps = (long) (task.train().size() / batch) * epochs;
            try (RunConsole.Progress bar = console.progress("train", steps, "steps")) {
                NetworkTrainer.train(net, task, NetworkTrainer.Settings.standard(epochs, batch, lr, seed, d), "train",
                        (w, e, i, n, loss) -> bar.step(String.format("loss %.4f", loss)));
            }
            Evaluation ev = NetworkTrainer.evaluate(net, task, task.test(), 250, d);
            net.save(out.resolve("weights.safetensors"), Networks.inputOf(task, s.numClasses()).toMetadata());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("architecture", a.toString());
            result.put("params", ParameterCount.of(a, s.inChannels(), s.numClasses()));
            result.put("flops", Flops.of(a, s.inChannels(), s.numClasses(), s.resolution()));
            result.put("test_accuracy", ev.accuracy());
            result.put("test_loss", ev.loss());
            AtomicFiles.write(out.resolve("result.json"),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(result));
            console.line(
                    String.format("test accuracy %.2f%% on %d images; weights in %s", 100 * ev.accuracy(), ev.images(),
                            out.resolve("weights.safetensors")));
        }
        return 0;
    }
}
