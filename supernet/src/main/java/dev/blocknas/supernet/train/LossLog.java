package dev.blocknas.supernet.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-block training loss curves: a point every few steps and the mean of every epoch. Saved with each
 * checkpoint so that a resumed run continues the same curves.
 */
public final class LossLog {
    /** One logged point. */
    public record Point(int block, int epoch, int step, double loss) {}

    /** Mean loss of one block over one epoch. */
    public record EpochMean(int block, int epoch, double loss) {}

    private final List<Point> points = new ArrayList<>();
    private final List<EpochMean> epochMeans = new ArrayList<>();

    public List<Point> points() {
        return points;
    }

    public List<EpochMean> epochMeans() {
        return epochMeans;
    }

    void add(Point p) {
        points.add(p);
    }

    void add(EpochMean m) {
        epochMeans.add(m);
    }

    /** The epoch means of one block, in order. */
    public double[] means(int block) {
        return epochMeans.stream().filter(m -> m.block() == block).mapToDouble(EpochMean::loss).toArray();
    }

    /** The logged points of one block, in order. */
    public List<Point> points(int block) {
        return points.stream().filter(p -> p.block() == block).toList();
    }

    /** CSV with the header {@code block,epoch,step,loss}. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("block,epoch,step,loss\n");
        for (Point p : points)
            sb.append(p.block()).append(',').append(p.epoch()).append(',').append(p.step()).append(',').append(p.loss())
                    .append('\n');
        return sb.toString();
    }
}
