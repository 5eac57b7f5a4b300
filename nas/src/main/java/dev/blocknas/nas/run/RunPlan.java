package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.ActivationCount;
import dev.blocknas.layers.arch.Architecture;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.OpSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.tensor.Device;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks a search makes before its first training step, so that a setting that cannot work fails in
 * seconds rather than after the teacher and the supernet: how much there is to rate, whether the smallest
 * network of the space fits the parameter and FLOPs budget, and whether the largest one can be trained in the
 * memory there is.
 */
public final class RunPlan {
    /** Most candidates one block may have, and all blocks together: rating enumerates every one of them. */
    public static final long MAX_CANDIDATES_PER_BLOCK = 200_000;

    private RunPlan() {}

    /**
     * Enough images for the steps every method takes: a training batch, the batch of {@code calibration} images
     * that recalibrates batch norm before each candidate is rated, and some held-out images.
     */
    public static void checkData(dev.blocknas.supernet.train.Task task, int batchSize, int calibration) {
        int need = Math.max(batchSize, calibration);
        if (task.train().size() < need) {
            throw new IllegalArgumentException(
                    "There are " + task.train().size() + " training images, fewer than the " + need
                            + " of one batch and of batch-norm recalibration: raise --limit-train (or lower --batch).");
        }
        if (task.heldOut().size() < 1)
            throw new IllegalArgumentException("There are no held-out images to rate candidates on: raise --held-out.");
    }

    /** @throws IllegalArgumentException with one sentence naming the setting to change */
    public static void check(SearchSpace space, Budget budget) {
        long total = 0;
        for (int b = 0; b < space.blockCount(); b++) {
            long n;
            try {
                n = space.block(b).candidates();
            } catch (ArithmeticException e) {
                n = Long.MAX_VALUE;
            }
            if (n > MAX_CANDIDATES_PER_BLOCK || n < 0) {
                throw new IllegalArgumentException("Block " + b + " of the " + space.name() + " space has "
                        + (n == Long.MAX_VALUE ? "more than 9.2e18" : String.format("%,d", n))
                        + " candidates, more than the "
                        + String.format("%,d", MAX_CANDIDATES_PER_BLOCK)
                        + " that can be rated one by one: use fewer depths or operations in that block.");
            }
            total += n;
        }
        if (total > MAX_CANDIDATES_PER_BLOCK) {
            throw new IllegalArgumentException(String.format(
                    "The %s space has %,d block candidates in all, more than the %,d that can be rated "
                            + "one by one: use fewer blocks, depths or operations.",
                    space.name(), total, MAX_CANDIDATES_PER_BLOCK));
        }
        if (budget.maxParams().isEmpty() && budget.maxFlops().isEmpty()) return;
        CostModel costs = new CostModel(space, null);
        long params = costs.base().params();
        long flops = costs.base().flops();
        for (int b = 0; b < space.blockCount(); b++) {
            long p = Long.MAX_VALUE;
            long f = Long.MAX_VALUE;
            for (BlockPath path : space.paths(b)) {
                CandidateCost c = costs.candidate(b, path);
                p = Math.min(p, c.params());
                f = Math.min(f, c.flops());
            }
            params += p;
            flops += f;
        }
        if (budget.maxParams().isPresent() && params > budget.maxParams().getAsLong()) {
            throw new IllegalArgumentException(
                    String.format(
                            "No network fits the budget: the smallest network of the %s space has %,d parameters, "
                                    + "more than --max-params %,d.",
                            space.name(), params, budget.maxParams().getAsLong()));
        }
        if (budget.maxFlops().isPresent() && flops > budget.maxFlops().getAsLong()) {
            throw new IllegalArgumentException(
                    String.format(
                            "No network fits the budget: the smallest network of the %s space has %,d multiply-adds, "
                                    + "more than --max-flops %,d.",
                            space.name(), flops, budget.maxFlops().getAsLong()));
        }
    }
    /**
     * Refuses the search's largest network when training it clearly needs more memory than there is, at the
     * supernet's batch or the retraining's, whichever is larger (see {@link #trainingBytes}).
     */
    public static void checkMemory(SearchSpace space, int batchSize, Device device) {
        int batch = Math.max(batchSize, RunContext.TRAIN_BATCH);
        checkTraining("Training the largest network of the " + space.name() + " space", largest(space), space, batch,
                device,
                "lower --batch or use a smaller space");
    }

    /**
     * Refuses to train {@code arch} when it clearly needs more memory than there is; {@code what} opens the
     * sentence ("Training the teacher") and {@code change} names the settings to change.
     */
    public static void checkTraining(String what, Architecture arch, SearchSpace space, int batch, Device device,
                                     String change) {
        checkFits(what + " at batch " + batch,
                trainingBytes(arch, space.inChannels(), space.numClasses(), space.resolution(), batch),
                "weights, gradients, optimizer state and activations", device, change);
    }

    /**
     * A rough estimate of the bytes one training step of {@code arch} holds at {@code batch} images, as floats:
     * {@code 4 * (4 P + 3 B A)}, with P the parameters, kept four times (weights, gradients and at most two
     * optimizer moments), and A the values every convolution outputs for one image ({@link ActivationCount#total}),
     * kept three times for the backward pass (the convolution's output, its batch norm's and its activation's).
     * The data set and short-lived buffers are left out, so the estimate errs low: what it refuses cannot run.
     */
    public static double trainingBytes(Architecture arch, int inChannels, int numClasses, int resolution, int batch) {
        double activations = ActivationCount.of(arch, inChannels, resolution).total();
        return Float.BYTES * (4 * parameters(arch, inChannels, numClasses) + 3.0 * batch * activations);
    }

    /** Bytes of the weights alone, as floats: what building the network takes before anything runs. */
    public static double weightBytes(Architecture arch, int inChannels, int numClasses) {
        return Float.BYTES * parameters(arch, inChannels, numClasses);
    }

    /**
     * Refuses, in one sentence, work whose estimated {@code bytes} are more than the Java heap can hold; on a
     * GPU, whose free memory the backend does not report, it lets the work start and a device out-of-memory
     * error speak.
     */
    public static void checkFits(String what, double bytes, String contents, Device device, String change) {
        if (device.isCuda()) return;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes <= heap) return;
        double gb = bytes / 1e9;
        String size = gb >= 1e6
                ? String.format("%.1e GB", gb)
                : gb >= 1 ? String.format("%,.1f GB", gb) : String.format("%,d MB", (long) (bytes / 1e6));
        // A larger heap is suggested only where this machine has the memory for it.
        double wanted = bytes * 1.25;
        String raise = wanted < physicalMemory()
                ? String.format(", or raise the heap with BLOCKNAS_JAVA_OPTS=-Xmx%dg",
                        (long) Math.ceil(wanted / (1L << 30)))
                : "";
        throw new IllegalArgumentException(
                String.format("%s needs about %s of memory (%s), more than the %,d MB Java heap: %s%s.",
                        what, size, contents, heap >> 20, change, raise));
    }

    private static double physicalMemory() {
        return java.lang.management.ManagementFactory
                .getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                        ? os.getTotalMemorySize()
                        : 0;
    }

    private static double parameters(Architecture arch, int inChannels, int numClasses) {
        long p = ParameterCount.of(arch, inChannels, numClasses);
        // A long sum that wrapped is an architecture too large for any memory.
        return p < 0 ? Double.POSITIVE_INFINITY : p;
    }

    /** The space's largest network: every block at its deepest cell, each layer the widest operation at its largest kernel. */
    static Architecture largest(SearchSpace space) {
        List<List<CellSpec>> stages = new ArrayList<>();
        if (!space.fixedCells().isEmpty()) stages.add(space.fixedCells());
        for (BlockSpec b : space.blocks()) {
            int depth = b.depths().stream().mapToInt(Integer::intValue).max().orElseThrow();
            int k = b.ops().stream().mapToInt(OpSpec::kernel).max().orElseThrow();
            int e = b.ops().stream().mapToInt(OpSpec::expansion).max().orElseThrow();
            List<CellSpec> stage = new ArrayList<>();
            for (int l = 0; l < depth; l++)
                stage.add(CellSpec.ir(k, e, b.outChannels(), l == 0 ? b.stride() : 1, space.seRatio(),
                        space.activation()));
            stages.add(stage);
        }
        return new Architecture(space.stem(), stages, space.head());
    }
}
