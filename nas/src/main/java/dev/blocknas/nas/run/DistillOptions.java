package dev.blocknas.nas.run;

import dev.blocknas.supernet.train.PathSampling;

import java.util.List;

/**
 * How the distillation methods (dna, dna+) build their supernet and rate candidates.
 *
 * @param teacherWidth  width multiplier of the default teacher over the space's widths
 * @param widths        {@code adapt}: candidates run at the space's widths, with a shared 1x1 adapter per block
 *                      to and from the teacher's width; {@code widen}: each candidate's last layer widens to the
 *                      teacher's width (DNA's reference code), which favours one-layer cells
 * @param ratingLoss    {@code l1}: DNA's mean|S - T| / std(T); {@code mse}: mean (S - T)^2 / var(T); {@code task}: the
 *                      cross-entropy of the teacher's remaining blocks and head run on the candidate's output
 * @param recalibrate   whether batch norm is recalibrated on one training batch before each candidate is rated
 * @param teacherArch   the architecture of the teacher to train when none is given; null: the space's default
 *                      teacher ({@code Teacher.defaultArchitecture} at {@code teacherWidth})
 * @param sampling      how the supernet's paths are drawn in training: {@code fair} (every operation equally
 *                      often, {@code FairPaths}) or {@code uniform} (each step independently, as DNA's code)
 */
public record DistillOptions(double teacherWidth, String widths, String ratingLoss, boolean recalibrate,
                             String teacherArch, String sampling) {
    /** The defaults, chosen by the ablation in docs/ranking.md. */
    public static final DistillOptions DEFAULT = new DistillOptions(1.5, "adapt", "task", true, null, "fair");

    /** Options with the space's default teacher and the default path sampling. */
    public DistillOptions(double teacherWidth, String widths, String ratingLoss, boolean recalibrate) {
        this(teacherWidth, widths, ratingLoss, recalibrate, null, DEFAULT.sampling());
    }

    /** How the supernet's paths are drawn. */
    public PathSampling pathSampling() {
        return PathSampling.of(sampling);
    }

    public DistillOptions {
        if (!(teacherWidth > 0) || teacherWidth > 8)
            throw new IllegalArgumentException("--teacher-width must be in (0, 8], got " + teacherWidth + ".");
        if (!List.of("adapt", "widen").contains(widths))
            throw new IllegalArgumentException("--distill-widths must be adapt or widen, got \"" + widths + "\".");
        if (!List.of("l1", "mse", "task").contains(ratingLoss))
            throw new IllegalArgumentException("--rating-loss must be l1, mse or task, got \"" + ratingLoss + "\".");
        PathSampling.of(sampling);
    }
}
