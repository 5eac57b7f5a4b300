package dev.blocknas.supernet.train;

import dev.blocknas.tensor.Tensor;

import java.util.List;

/**
 * BossNAS's ensemble bootstrapping loss: the online prediction of a path should point where the mean of the
 * L2-normalised target projections of several paths points, on the other view. The mean over paths (rather
 * than one path's own target) makes every path learn towards one shared representation of the block.
 */
public final class SelfSupervisedLoss {
    private SelfSupervisedLoss() {}

    /** Every row of [N, D] scaled to unit L2 length. */
    public static Tensor normalize(Tensor x) {
        return x.div(x.square().sum(new int[] {1}, true).add(1e-12f).sqrt());
    }

    /** The ensemble target: the mean of the rows' normalised projections of each path, [N, D]. */
    public static Tensor ensemble(List<Tensor> projections) {
        Tensor sum = null;
        for (Tensor p : projections) sum = sum == null ? normalize(p) : sum.add(normalize(p));
        return sum.div(projections.size());
    }

    /** {@code 2 - 2 cos(prediction, target)} averaged over the rows; in [0, 4], 0 when they point alike. */
    public static Tensor loss(Tensor prediction, Tensor target) {
        Tensor cos = normalize(prediction).mul(normalize(target)).sum(new int[] {1}, false);
        return cos.mean().mul(-2f).add(2f);
    }
}
