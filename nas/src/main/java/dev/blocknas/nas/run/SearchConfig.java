package dev.blocknas.nas.run;

import dev.blocknas.nas.select.Budget;
import dev.blocknas.tensor.Device;

import java.nio.file.Path;

/**
 * Everything a search run needs, as the command line gives it; written to the run folder as config.json.
 *
 * @param space           search space: preset name or JSON file
 * @param data            data set: one of {@link DataSources#FORMS}
 * @param method          a search method's name (SearchMethods)
 * @param device          where to compute
 * @param seed            seed of everything random
 * @param epochs          supernet epochs per block
 * @param batchSize       supernet batch size
 * @param lr              supernet learning rate
 * @param teacher         weights of a teacher network (safetensors carrying its architecture), or null to train one
 * @param teacherEpochs   epochs to train the teacher when none is given
 * @param heldOut         fraction of the training images held out to rate candidates
 * @param ratingImages    held-out images each candidate is rated on
 * @param measureLatency  whether to build a latency table on this device
 * @param budget          constraints of the selection
 * @param topK            networks to report
 * @param retrainEpochs   epochs to retrain the chosen network (0: no retraining)
 * @param limitTrain      use at most this many training images (0: all)
 * @param family          settings of the methods beyond dna and dbnas
 * @param distill         how the distillation methods build their supernet and rate
 */
public record SearchConfig(String space, String data, String method, Device device, long seed, int epochs,
                           int batchSize,
                           double lr, Path teacher, int teacherEpochs, double heldOut, int ratingImages,
                           boolean measureLatency, Budget budget, int topK, int retrainEpochs, int limitTrain,
                           FamilyOptions family, DistillOptions distill) {

    /** A configuration with the default distillation options. */
    public SearchConfig(String space, String data, String method, Device device, long seed, int epochs, int batchSize,
                        double lr, Path teacher, int teacherEpochs, double heldOut, int ratingImages,
                        boolean measureLatency, Budget budget, int topK, int retrainEpochs, int limitTrain,
                        FamilyOptions family) {
        this(space, data, method, device, seed, epochs, batchSize, lr, teacher, teacherEpochs, heldOut, ratingImages,
                measureLatency, budget, topK, retrainEpochs, limitTrain, family, DistillOptions.DEFAULT);
    }
}
