package dev.blocknas.nas.run;

/**
 * Settings of the methods beyond DNA and DBNAS.
 *
 * @param generations    DNA+: teacher generations; evolve and bsnas: generations of the genetic algorithm
 * @param scale          DNA+: width multiplier that turns a generation's network into the next teacher
 * @param population     evolve and bsnas: individuals per generation
 * @param finetuneSteps  evolve: supernet steps on the current population's paths between generations
 * @param mutation       evolve and bsnas: probability that a gene mutates
 * @param tournament     evolve and bsnas: tournament size of parent selection
 * @param shrinkEvery    bsnas: epochs between two shrinking steps
 * @param shrinkFraction bsnas: fraction of each layer's remaining operations switched off per shrinking step
 * @param ema            DNA++: starting momentum of the target network (rises to 1 over training)
 */
public record FamilyOptions(int generations, double scale, int population, int finetuneSteps, double mutation,
                            int tournament, int shrinkEvery, double shrinkFraction, double ema) {

    public static final FamilyOptions DEFAULT = new FamilyOptions(3, 1.25, 16, 50, 0.2, 3, 1, 0.25, 0.99);

    public FamilyOptions {
        if (generations < 1 || population < 2 || tournament < 1 || shrinkEvery < 1 || finetuneSteps < 0) {
            throw new IllegalArgumentException(
                    "--generations, --shrink-every and --tournament must be at least 1, --population at least 2 and --finetune-steps at least 0.");
        }
        if (scale <= 0 || mutation < 0 || mutation > 1 || shrinkFraction < 0 || shrinkFraction >= 1 || ema < 0
                || ema >= 1) {
            throw new IllegalArgumentException(
                    "--scale must be positive, --mutation in [0, 1], --shrink-fraction in [0, 1) and --ema in [0, 1).");
        }
    }
}
