package dev.blocknas.bench.cpu;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.arch.NetworkBuilder;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.layers.optim.Sgd;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Losses;

/**
 * One whole-network training step on the CPU, as {@code NetworkTrainer} takes it but with a fixed batch: forward,
 * cross-entropy, backward, SGD update, gradients cleared. The batch is one set of random images (standard normal,
 * as normalised images are) and labels {@code i mod 10}, made once, so a step times only the network.
 *
 * <p>The optimizer is SGD with learning rate 0.05, momentum 0.9 and weight decay 5e-4 (on the convolution and
 * linear weights, as ours decays), without Nesterov and without label smoothing: that is the recipe DJL's SGD
 * and softmax cross-entropy can also express, so the peer comparison runs the same update on both sides
 * ({@code NetworkTrainer} adds Nesterov and smoothing 0.1, which cost a few element-wise passes more).
 */
public final class NetworkStep implements AutoCloseable {
    /** Learning rate, momentum and weight decay of the step's SGD. */
    public static final double LR = 0.05;
    public static final double MOMENTUM = 0.9;
    public static final double WEIGHT_DECAY = 5e-4;

    /** Wall-clock nanoseconds of the last step's three phases. */
    public long forwardNanos;
    public long backwardNanos;
    public long optimizerNanos;

    private final NetworkWorkload workload;
    private final Network net;
    private final Sgd opt;
    private final Tensor x;
    private final Tensor labels;

    /** Builds the workload's network from its architecture string with weights from {@code seed}. */
    public NetworkStep(NetworkWorkload workload, int batch, long seed) {
        this.workload = workload;
        Rng rng = new Rng(seed);
        this.net = NetworkBuilder.build(workload.arch(), workload.channels(), NetworkWorkload.CLASSES, rng, Device.CPU);
        net.train(true);
        this.opt = new Sgd(net.namedParameters(), LR, MOMENTUM, false, WEIGHT_DECAY);
        this.x = Tensor
                .randn(new Rng(seed + 1), Device.CPU, batch, workload.channels(), workload.size(), workload.size())
                .persist();
        float[] l = new float[batch];
        for (int i = 0; i < batch; i++) l[i] = i % NetworkWorkload.CLASSES;
        this.labels = Tensor.of(Device.CPU, l, batch).persist();
    }

    public NetworkWorkload workload() {
        return workload;
    }

    /** Trainable parameters of the built network (elements of every parameter tensor). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : net.parameters()) n += p.numel();
        return n;
    }

    /** One training step; returns the loss before the update. */
    public float step() {
        try (Scope scope = Scope.open()) {
            StepPhaseEvent phase = new StepPhaseEvent("forward");
            long t0 = System.nanoTime();
            phase.begin();
            Tensor loss = Losses.crossEntropy(net.forward(x), labels);
            float value = loss.item();
            phase.commit();
            long t1 = System.nanoTime();
            phase = new StepPhaseEvent("backward");
            phase.begin();
            loss.backward();
            phase.commit();
            long t2 = System.nanoTime();
            phase = new StepPhaseEvent("optimizer");
            phase.begin();
            opt.step();
            opt.zeroGrad();
            phase.commit();
            long t3 = System.nanoTime();
            forwardNanos = t1 - t0;
            backwardNanos = t2 - t1;
            optimizerNanos = t3 - t2;
            return value;
        }
    }

    @Override
    public void close() {
        opt.close();
        net.close();
        x.close();
        labels.close();
    }
}
