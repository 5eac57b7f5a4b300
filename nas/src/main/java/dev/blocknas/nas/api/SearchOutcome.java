package dev.blocknas.nas.api;

import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * What a {@link Search} found, as its run folder's result.json records it.
 *
 * @param architecture the chosen network ({@code stem_c16_s2/ir_k3_e6_c24_s2/...})
 * @param rating       its summed rating (lower is better)
 * @param params       its trainable parameters
 * @param flops        its multiply-adds for one image
 * @param testAccuracy its test accuracy after retraining, in [0, 1]; empty when {@code retrainEpochs} was 0
 * @param folder       the run folder (config.json, log.txt, ratings.csv, report.html, ...)
 * @param weights      the retrained network's weights, for {@link BlocknasNetwork#load}; null when {@code retrainEpochs} was 0
 * @param result       the folder's result.json
 */
public record SearchOutcome(String architecture, double rating, long params, long flops, OptionalDouble testAccuracy,
                            Path folder, Path weights, Path result) {}
