package dev.blocknas.supernet.train;

import dev.blocknas.layers.data.Augment;
import dev.blocknas.layers.data.ChannelStats;
import dev.blocknas.layers.data.DataLoader;
import dev.blocknas.layers.data.Dataset;

/**
 * The data of a search: images to train the supernet on, held-out images to rate candidates on (never
 * trained on), test images for the final accuracy, the normalisation, and the training augmentation.
 */
public record Task(String name, Dataset train, Dataset heldOut, Dataset test, ChannelStats stats, Augment augment) {

    /** A shuffled, augmented loader over the training images that drops the last partial batch. */
    public DataLoader trainLoader(int batchSize, long seed) {
        return DataLoader.builder(train).batchSize(batchSize).shuffle(true).seed(seed).dropLast(true)
                .augment(augment).normalize(stats).build();
    }

    /** An in-order, unaugmented loader (evaluation and rating). */
    public DataLoader evalLoader(Dataset data, int batchSize) {
        return DataLoader.builder(data).batchSize(batchSize).normalize(stats).build();
    }
}
