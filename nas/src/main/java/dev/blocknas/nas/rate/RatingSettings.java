package dev.blocknas.nas.rate;

import dev.blocknas.tensor.Device;

/**
 * How candidates are rated.
 *
 * @param batchSize        images per held-out batch
 * @param calibrationBatch images of the one training batch that recalibrates batch norm for each candidate
 * @param heldOutImages    how many held-out images to rate on (at most the held-out set)
 * @param seed             picks the calibration batch
 * @param device           where to rate
 */
public record RatingSettings(int batchSize, int calibrationBatch, int heldOutImages, long seed, Device device) {}
