package dev.blocknas.layers.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a {@link Dataset} into mini-batches, prepared ahead by background worker threads.
 *
 * <p><b>Determinism.</b> Epoch {@code e} is a pure function of (data set, settings, seed,
 * {@code e}): the sample order is a permutation drawn from (seed, e), and every sample's
 * augmentation uses its own generator drawn from (seed, e, position in the epoch). Batches are
 * therefore bit-identical whatever the number of workers, the prefetch depth or the thread
 * scheduling, and an epoch can be started at any batch.
 *
 * <p><b>Threads.</b> Workers are daemon threads of a small fixed pool, each preparing whole
 * batches; at most {@code prefetch} batches are prepared ahead of the consumer. Iterate from one
 * thread at a time; opening a new epoch iterator closes the previous one. A worker's exception,
 * such as a {@link DataFormatException}, is rethrown as-is by the consumer's {@code next()}.
 * {@link #close()} stops the workers.
 */
public final class DataLoader implements AutoCloseable {

    private static final AtomicInteger LOADERS = new AtomicInteger();

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final Augment pipeline;
    private final int workers;
    private final int prefetch;
    private final ExecutorService pool;
    private final ArrayBlockingQueue<float[]> spare;
    private final Object lock = new Object();
    private EpochRun active;
    private boolean closed;
    private int[] cachedOrder;
    private int cachedOrderEpoch;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        Augment p = b.augment;
        if (b.normalize != null) {
            p = p == null ? Augment.normalize(b.normalize) : p.then(Augment.normalize(b.normalize));
        }
        this.pipeline = p;
        this.workers = b.workers;
        this.prefetch = b.prefetch > 0 ? b.prefetch : Math.max(2, 2 * workers);
        this.pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, daemonThreads());
        this.spare = new ArrayBlockingQueue<>(prefetch + 2);
    }

    /** Starts configuring a loader over {@code dataset}. */
    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    /** The data set batches are drawn from. */
    public Dataset dataset() {
        return dataset;
    }

    /** Samples per full batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Number of worker threads; 0 means batches are prepared on the consumer's thread. */
    public int workers() {
        return workers;
    }

    /** Batches in every epoch: the last partial batch counts unless drop-last is set. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * The order in which epoch {@code epoch} visits the data set's samples (all of them; with
     * drop-last the tail beyond the last full batch is skipped). Identity order without shuffling.
     */
    public int[] order(int epoch) {
        return epochOrder(epoch).clone();
    }

    /** The batches of {@code epoch}, from the first; each {@code iterator()} call starts afresh. */
    public Iterable<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** The batches of {@code epoch} starting at batch {@code fromBatch}. */
    public Iterable<Batch> epoch(int epoch, int fromBatch) {
        Objects.checkIndex(fromBatch, batchesPerEpoch() + 1);
        return () -> iterator(epoch, fromBatch);
    }

    /** An iterator over the batches of {@code epoch} from {@code fromBatch}; closes any previous one. */
    public BatchIterator iterator(int epoch, int fromBatch) {
        Objects.checkIndex(fromBatch, batchesPerEpoch() + 1);
        int[] order = epochOrder(epoch);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("data loader is closed");
            }
            if (active != null) {
                active.close();
            }
            active = new EpochRun(this, order, epoch, fromBatch, batchesPerEpoch(), pool, prefetch);
            return active;
        }
    }

    /** The data set's indices of the samples of batch {@code index} of {@code epoch}, in batch order. */
    public int[] samples(int epoch, int index) {
        Objects.checkIndex(index, batchesPerEpoch());
        int[] order = epochOrder(epoch);
        int from = index * batchSize;
        return Arrays.copyOfRange(order, from, from + batchLength(order, index));
    }

    /** Samples in batch {@code b} of an epoch visiting {@code order}: the last one may be short. */
    private int batchLength(int[] order, int b) {
        return Math.min(batchSize, order.length - b * batchSize);
    }

    /** Prepares batch {@code index} of {@code epoch} on the calling thread; identical to the iterated one. */
    public Batch batch(int epoch, int index) {
        Objects.checkIndex(index, batchesPerEpoch());
        return load(epochOrder(epoch), epoch, index);
    }

    /**
     * Offers a batch's image array for reuse by later batches, to spare the garbage collector.
     * Only call this once the batch's contents are no longer needed (e.g. after copying them to
     * the device); never touch the batch afterwards. Optional: batches that are not recycled are
     * simply collected.
     */
    public void recycle(Batch batch) {
        if (batch.images().length == batchSize * dataset.imageLength()) {
            spare.offer(batch.images());
        }
    }

    /** Stops the workers and closes the active epoch iterator, if any. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (active != null) {
                active.close();
                active = null;
            }
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Builds batch {@code b} of an epoch; runs on worker threads, so touches only immutable state. */
    Batch load(int[] order, int epoch, int b) {
        int len = dataset.imageLength();
        int from = b * batchSize;
        int n = batchLength(order, b);
        float[] images = null;
        if (n == batchSize) {
            images = spare.poll();
        }
        if (images == null) {
            images = new float[n * len];
        }
        int[] labels = new int[n];
        int c = dataset.channels();
        int h = dataset.height();
        int w = dataset.width();
        for (int j = 0; j < n; j++) {
            int pos = from + j;
            int i = order[pos];
            dataset.image(i, images, j * len);
            labels[j] = dataset.label(i);
            if (pipeline != null) {
                pipeline.apply(images, j * len, c, h, w, new SplittableRandom(Seeds.mix(seed, epoch, pos)));
            }
        }
        return new Batch(images, labels, n, c, h, w, b);
    }

    void finished(EpochRun run) {
        synchronized (lock) {
            if (active == run) {
                active = null;
            }
        }
    }

    private int[] epochOrder(int epoch) {
        synchronized (lock) {
            if (cachedOrder != null && cachedOrderEpoch == epoch) {
                return cachedOrder;
            }
        }
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            // Position -1 is never a sample position, so this stream is distinct from all augmentation streams.
            SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, epoch, -1));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        synchronized (lock) {
            cachedOrder = order;
            cachedOrderEpoch = epoch;
        }
        return order;
    }

    private static ThreadFactory daemonThreads() {
        int id = LOADERS.incrementAndGet();
        AtomicInteger k = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "blocknas-data-" + id + "-" + k.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Settings of a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 64;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private Augment augment;
        private ChannelStats normalize;
        private int workers = Math.min(4, Runtime.getRuntime().availableProcessors());
        private int prefetch;

        private Builder(Dataset dataset) {
            this.dataset = Objects.requireNonNull(dataset);
        }

        /** Samples per batch (default 64). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Whether each epoch visits the samples in a fresh random order (default false). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Seed of the shuffling and augmentation randomness (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to skip the last batch when it would be smaller than the batch size (default false). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Per-sample augmentation, applied before normalisation (default none). */
        public Builder augment(Augment augment) {
            this.augment = augment;
            return this;
        }

        /** Per-channel normalisation, applied last (default none: values stay in [0, 1]). */
        public Builder normalize(ChannelStats stats) {
            if (stats != null && stats.mean().length != dataset.channels()) {
                throw new IllegalArgumentException("normalisation has " + stats.mean().length
                        + " channels, data set " + dataset.name() + " has " + dataset.channels());
            }
            this.normalize = stats;
            return this;
        }

        /** Background worker threads (default min(4, cores)); 0 prepares batches on the consumer's thread. */
        public Builder workers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("worker count must be >= 0, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Most batches prepared ahead of the consumer (default 2 per worker, at least 2). */
        public Builder prefetch(int prefetch) {
            if (prefetch < 1) {
                throw new IllegalArgumentException("prefetch must be >= 1, got " + prefetch);
            }
            this.prefetch = prefetch;
            return this;
        }

        /** Creates the loader and starts its worker threads. */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
