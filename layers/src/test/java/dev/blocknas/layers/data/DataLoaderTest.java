package dev.blocknas.layers.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    private static final Dataset DATA = Synthetic.of(103, 3, 8, 8, 4, 11);
    private static final Augment AUGMENT = Augment.randomCrop(2).then(Augment.horizontalFlip());
    private static final ChannelStats STATS = new ChannelStats(new float[] {0.5f, 0.4f, 0.3f},
            new float[] {0.2f, 0.25f, 0.3f});

    /** 1x1x1 images whose single pixel is the sample's own index, so batches reveal the order. */
    private static Dataset indexImages(int size, int failAt, RuntimeException failure, AtomicInteger reads) {
        return new Dataset() {
            @Override
            public int size() { return size; }
            @Override
            public int channels() { return 1; }
            @Override
            public int height() { return 1; }
            @Override
            public int width() { return 1; }
            @Override
            public int numClasses() { return 3; }
            @Override
            public String name() { return "index"; }
            @Override
            public int label(int i) { return i % 3; }

            @Override
            public void image(int i, float[] dst, int offset) {
                if (i == failAt) {
                    throw failure;
                }
                reads.incrementAndGet();
                dst[offset] = i;
            }
        };
    }

    private static DataLoader.Builder training(int workers) {
        return DataLoader.builder(DATA).batchSize(10).shuffle(true).seed(99).augment(AUGMENT).normalize(STATS)
                .workers(workers);
    }

    private static List<Batch> collect(DataLoader loader, int epoch) {
        List<Batch> out = new ArrayList<>();
        for (Batch b : loader.epoch(epoch)) {
            out.add(b);
        }
        return out;
    }

    private static void assertSameBatches(List<Batch> expected, List<Batch> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Batch e = expected.get(i);
            Batch a = actual.get(i);
            assertEquals(e.index(), a.index());
            assertEquals(e.n(), a.n());
            assertArrayEquals(e.labels(), a.labels(), "labels of batch " + i);
            assertArrayEquals(e.images(), a.images(), "images of batch " + i); // bit-exact
        }
    }

    @Test
    void batchesAreIdenticalForAnyWorkerCountAndPrefetch() {
        List<Batch> reference;
        try (DataLoader l = training(0).build()) {
            reference = collect(l, 3);
        }
        try (DataLoader one = training(1).build();
                DataLoader four = training(4).prefetch(3).build();
                DataLoader deep = training(4).prefetch(20).build()) {
            assertSameBatches(reference, collect(one, 3));
            assertSameBatches(reference, collect(four, 3));
            assertSameBatches(reference, collect(deep, 3));
            assertSameBatches(reference, collect(four, 3)); // and again: epoch(e) is a pure function
        }
        assertEquals(11, reference.size());
        assertEquals(3, reference.get(10).n());
        assertEquals(3 * 3 * 8 * 8, reference.get(10).images().length);
    }

    @Test
    void augmentationIsAppliedAndNormalisationComesLast() {
        try (DataLoader plain = DataLoader.builder(DATA).batchSize(10).shuffle(true).seed(99).workers(0).build();
                DataLoader aug = training(2).build()) {
            Batch p = plain.batch(0, 0);
            Batch a = aug.batch(0, 0);
            assertArrayEquals(p.labels(), a.labels(), "same order: shuffling does not depend on augmentation");
            assertFalse(Arrays.equals(p.images(), a.images()));
            // A pixel zeroed by the crop's padding comes out as -mean/std after normalisation.
            float zero0 = -0.5f / 0.2f;
            boolean sawPadding = false;
            for (int k = 0; k < 64 * 10 * 3; k++) {
                int channel = k / 64 % 3;
                if (channel == 0 && a.images()[k] == zero0) {
                    sawPadding = true;
                }
            }
            assertTrue(sawPadding);
        }
    }

    @Test
    void everyEpochVisitsEverySampleOnceInAFreshOrder() {
        int n = 57;
        try (DataLoader l = DataLoader.builder(indexImages(n, -1, null, new AtomicInteger()))
                .batchSize(8).shuffle(true).seed(5).workers(3).build()) {
            Set<String> orders = new java.util.HashSet<>();
            for (int e = 0; e < 4; e++) {
                boolean[] seen = new boolean[n];
                StringBuilder order = new StringBuilder();
                int batches = 0;
                for (Batch b : l.epoch(e)) {
                    assertEquals(batches++, b.index());
                    for (int j = 0; j < b.n(); j++) {
                        int i = (int) b.images()[j];
                        assertFalse(seen[i], "sample " + i + " twice in epoch " + e);
                        seen[i] = true;
                        assertEquals(i % 3, b.labels()[j]);
                        order.append(i).append(',');
                    }
                }
                assertEquals(8, batches);
                for (boolean s : seen) {
                    assertTrue(s);
                }
                assertEquals(Arrays.stream(l.order(e)).mapToObj(i -> i + ",").collect(Collectors.joining()),
                        order.toString());
                orders.add(order.toString());
            }
            assertEquals(4, orders.size(), "each epoch has its own permutation");
        }
    }

    @Test
    void samplesNameTheImagesOfEachBatchTheShortLastOneIncluded() {
        try (DataLoader l = DataLoader.builder(indexImages(57, -1, null, new AtomicInteger()))
                .batchSize(8).shuffle(true).seed(5).workers(2).build()) {
            for (int e = 0; e < 2; e++) {
                for (Batch b : l.epoch(e)) {
                    int[] samples = l.samples(e, b.index());
                    float[] pixels = Arrays.copyOf(b.images(), b.n());
                    float[] named = new float[samples.length];
                    for (int j = 0; j < samples.length; j++) named[j] = samples[j];
                    assertArrayEquals(pixels, named, "epoch " + e + " batch " + b.index());
                }
            }
            assertEquals(1, l.samples(0, 7).length);
            assertThrows(IndexOutOfBoundsException.class, () -> l.samples(0, 8));
        }
    }

    @Test
    void withoutShuffleOrderIsTheIdentityAndDropLastDropsTheTail() {
        try (DataLoader l = DataLoader.builder(indexImages(23, -1, null, new AtomicInteger()))
                .batchSize(5).dropLast(true).workers(2).build()) {
            assertEquals(4, l.batchesPerEpoch());
            List<Batch> batches = collect(l, 0);
            assertEquals(4, batches.size());
            for (Batch b : batches) {
                assertEquals(5, b.n());
                for (int j = 0; j < 5; j++) {
                    assertEquals(b.index() * 5 + j, (int) b.images()[j]);
                }
            }
        }
        try (DataLoader l = DataLoader.builder(indexImages(23, -1, null, new AtomicInteger()))
                .batchSize(5).workers(2).build()) {
            assertEquals(5, l.batchesPerEpoch());
            assertEquals(3, collect(l, 0).get(4).n());
        }
    }

    @Test
    void canStartMidEpochAndLoadSingleBatches() {
        try (DataLoader l = training(2).build()) {
            List<Batch> full = collect(l, 7);
            List<Batch> tail = new ArrayList<>();
            for (Batch b : l.epoch(7, 4)) {
                tail.add(b);
            }
            assertSameBatches(full.subList(4, full.size()), tail);
            assertSameBatches(List.of(full.get(9)), List.of(l.batch(7, 9)));
            assertFalse(l.epoch(7, l.batchesPerEpoch()).iterator().hasNext());
        }
    }

    @Test
    void workerExceptionsReachTheConsumerUnchanged() {
        DataFormatException failure = new DataFormatException("broken.png is not a readable image: test.");
        for (int workers : new int[] {0, 1, 4}) {
            try (DataLoader l = DataLoader.builder(indexImages(40, 23, failure, new AtomicInteger()))
                    .batchSize(4).workers(workers).build()) {
                BatchIterator it = l.iterator(0, 0);
                for (int b = 0; b < 5; b++) {
                    it.next(); // batches 0..4 hold samples 0..19
                }
                assertSame(failure, assertThrows(DataFormatException.class, it::next), workers + " workers");
                assertFalse(it.hasNext(), "a failed epoch stops");
                // The loader itself stays usable, e.g. to retry from a later batch.
                assertEquals(6, l.iterator(0, 6).next().index());
            }
        }
    }

    @Test
    void workersPrefetchAheadOfTheConsumer() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        try (DataLoader l = DataLoader.builder(indexImages(100, -1, null, reads))
                .batchSize(5).workers(2).prefetch(4).build()) {
            BatchIterator it = l.iterator(0, 0);
            it.next();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (reads.get() < 5 * 5 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            // Batch 0 was consumed and batches 1..4 were prepared without being asked for.
            assertEquals(25, reads.get());
        }
    }

    @Test
    void breakingOutEarlyAndStartingAnotherEpochWorks() {
        try (DataLoader l = training(2).prefetch(2).build()) {
            BatchIterator first = l.iterator(0, 0);
            first.next();
            List<Batch> second = collect(l, 1); // opening epoch 1 closes epoch 0's iterator
            assertFalse(first.hasNext());
            assertEquals(11, second.size());
        }
    }

    @Test
    void recycledBuffersAreReusedWithoutChangingResults() {
        try (DataLoader l = training(0).build()) {
            BatchIterator it = l.iterator(0, 0);
            Batch b0 = it.next();
            float[] buffer = b0.images();
            l.recycle(b0);
            Batch b1 = it.next();
            assertSame(buffer, b1.images());
            assertArrayEquals(l.batch(0, 1).images(), b1.images());
        }
    }

    @Test
    void closeStopsTheWorkerThreads() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        DataLoader l = training(3).build();
        collect(l, 0);
        List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("blocknas-data-")).toList();
        assertEquals(3, workers.size());
        assertTrue(workers.stream().allMatch(Thread::isDaemon));
        l.close();
        for (Thread t : workers) {
            t.join(5000);
            assertFalse(t.isAlive(), t.getName());
        }
        assertThrows(IllegalStateException.class, () -> l.epoch(1).iterator());
    }
}
