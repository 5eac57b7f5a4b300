package dev.blocknas.nas.evolve;

import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.optim.Sgd;
import dev.blocknas.supernet.net.Supernet;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.train.SinglePathTrainer;
import dev.blocknas.supernet.train.Task;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The evolve method's fitness: supernet accuracy, with the supernet fine-tuned before every generation after
 * the first on paths drawn from that generation's pool only (GECCO 2023: the weights adapt to the region being
 * searched). Each fine-tuning step takes one network of the pool uniformly and one training batch; a fresh SGD
 * (momentum 0.9, Nesterov) runs at the learning rate the supernet's schedule had reached, and since an
 * optimizer skips parameters without a gradient, operations no member of the pool uses stay bit-identical.
 */
public final class FinetunedAccuracy implements Fitness {
    /**
     * @param steps       steps per generation
     * @param batchSize   images per step
     * @param lr          learning rate
     * @param weightDecay weight decay
     * @param seed        data order and network draws
     */
    public record Settings(int steps, int batchSize, double lr, double weightDecay, long seed, Device device) {}

    /** Progress: after each fine-tuning step. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (generation, step, steps, loss) -> {};

        void onStep(int generation, int step, int steps, double loss);
    }

    private final Supernet supernet;
    private final Task task;
    private final SupernetAccuracy accuracy;
    private final Settings settings;
    private Listener listener = Listener.NONE;
    private double lastLoss = Double.NaN;

    public FinetunedAccuracy(Supernet supernet, Task task, SupernetAccuracy accuracy, Settings settings) {
        this.supernet = supernet;
        this.task = task;
        this.accuracy = accuracy;
        this.settings = settings;
    }

    /** Reports every fine-tuning step to {@code l} from now on. */
    public void listen(Listener l) {
        listener = l;
    }

    /** Fine-tuning steps per generation. */
    public int steps() {
        return settings.steps();
    }

    @Override
    public void beforeEvaluation(int generation, List<List<BlockPath>> pool) {
        lastLoss = finetune(generation, pool);
        accuracy.forget();
    }

    /** Fine-tunes the supernet for the configured steps on networks drawn from {@code pool}; the mean loss. */
    public double finetune(int generation, List<List<BlockPath>> pool) {
        if (settings.steps() == 0 || pool.isEmpty()) return Double.NaN;
        SplittableRandom random = new SplittableRandom(Rng.mix(settings.seed() ^ 0x510E527FADE682D1L) + generation);
        double sum = 0;
        supernet.train(true);
        try (DataLoader loader = task.trainLoader(settings.batchSize(), settings.seed() + generation);
                Sgd opt = new Sgd(supernet.namedParameters(), settings.lr(), 0.9, true, settings.weightDecay())) {
            int perEpoch = loader.batchesPerEpoch();
            if (perEpoch < 1)
                throw new IllegalArgumentException("There are fewer training images than one fine-tuning batch.");
            for (int s = 0; s < settings.steps(); s++) {
                List<BlockPath> net = pool.get(random.nextInt(pool.size()));
                double loss = SinglePathTrainer.step(supernet, net, loader.batch(s / perEpoch, s % perEpoch), opt,
                        settings.device());
                sum += loss;
                listener.onStep(generation, s, settings.steps(), loss);
            }
        }
        supernet.train(false);
        return sum / settings.steps();
    }

    /** The mean loss of the last fine-tuning (NaN before any). */
    public double lastLoss() {
        return lastLoss;
    }

    @Override
    public double of(List<BlockPath> network) {
        return accuracy.of(network);
    }

    @Override
    public long evaluations() {
        return accuracy.evaluations();
    }
}
