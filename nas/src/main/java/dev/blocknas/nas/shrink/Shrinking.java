package dev.blocknas.nas.shrink;

import dev.blocknas.nas.evolve.SupernetAccuracy;
import dev.blocknas.supernet.net.OpMask;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;

/**
 * BS-NAS's shrinking step (the paper publishes no mechanics; this is our design). The score of an operation at
 * a layer is the mean held-out cross-entropy (batch norms recalibrated) of sampled whole networks that use it
 * there; lower is better. The networks are drawn stratified so that every operation still on is scored: in
 * each round every layer walks through a fresh random permutation of its operations, so each operation of
 * each layer is used by at least {@code rounds} networks, with the rest of the network drawn alongside. Then
 * the worst {@code fraction} of each layer's remaining operations, at least one while two or more remain, are
 * switched off for good; the last one never goes, nor one the caller keeps (under a budget, each layer's
 * cheapest operations, so that shrinking never empties the budget).
 */
public final class Shrinking {
    /** The score of one operation at one layer: the mean loss of the {@code networks} that used it. */
    public record Score(OpMask.Layer layer, int op, double loss, int networks) {}

    /** Progress: after each network measured. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (done, total) -> {};

        void onMeasured(int done, int total);
    }

    private final SupernetAccuracy measure;
    private final OpMask mask;
    private final double fraction;
    private final int rounds;
    private final long seed;
    private final BiPredicate<OpMask.Layer, Integer> keep;

    /**
     * @param fraction share of each layer's remaining operations switched off per step, in [0, 1)
     * @param rounds   networks per operation at least
     * @param keep     operations never to switch off (the cheapest of a layer under a budget), whatever their score
     */
    public Shrinking(SupernetAccuracy measure, OpMask mask, double fraction, int rounds, long seed,
                     BiPredicate<OpMask.Layer, Integer> keep) {
        if (!(fraction >= 0 && fraction < 1))
            throw new IllegalArgumentException("--shrink-fraction must be in [0, 1).");
        if (rounds < 1) throw new IllegalArgumentException("shrinking needs at least one round");
        this.measure = measure;
        this.mask = mask;
        this.fraction = fraction;
        this.rounds = rounds;
        this.seed = seed;
        this.keep = keep;
    }

    /** How many of {@code on} operations one step switches off. */
    public static int toRemove(int on, double fraction) {
        if (on < 2 || fraction <= 0) return 0;
        return Math.min(on - 1, Math.max(1, (int) Math.floor(fraction * on)));
    }

    /** Scores every operation still on; the draws depend on {@code epoch} and the seed only. */
    public List<Score> score(int epoch, Listener listener) {
        List<List<BlockPath>> networks = stratified(new SplittableRandom(seed * 31 + epoch));
        Map<OpMask.Layer, Map<Integer, double[]>> sums = new HashMap<>();
        int done = 0;
        for (List<BlockPath> net : networks) {
            double loss = measure.measure(net).loss();
            if (Double.isNaN(loss)) loss = Double.POSITIVE_INFINITY;
            for (int b = 0; b < net.size(); b++) {
                BlockPath p = net.get(b);
                for (int l = 0; l < p.depth(); l++) {
                    double[] s = sums.computeIfAbsent(new OpMask.Layer(b, p.cell(), l), k -> new HashMap<>())
                            .computeIfAbsent(p.op(l), k -> new double[2]);
                    s[0] += loss;
                    s[1]++;
                }
            }
            listener.onMeasured(++done, networks.size());
        }
        List<Score> out = new ArrayList<>();
        for (OpMask.Layer layer : mask.layers()) {
            for (int op : mask.on(layer.block(), layer.cell(), layer.layer())) {
                double[] s = sums.get(layer).get(op);
                out.add(new Score(layer, op, s[0] / s[1], (int) s[1]));
            }
        }
        return out;
    }

    /** Scores, then switches off the worst operations of every layer; returns what went, layer by layer. */
    public List<OpMask.Removal> step(int epoch, Listener listener) {
        List<Score> scores = score(epoch, listener);
        List<OpMask.Removal> removed = new ArrayList<>();
        for (OpMask.Layer layer : mask.layers()) {
            List<Score> mine = new ArrayList<>(scores.stream().filter(s -> s.layer().equals(layer)).toList());
            // worst first; among equal losses the higher index goes first, so the order never depends on chance
            mine.sort(Comparator.comparingDouble(Score::loss).reversed()
                    .thenComparing(Comparator.comparingInt(Score::op).reversed()));
            int n = toRemove(mine.size(), fraction);
            mine.removeIf(s -> keep.test(layer, s.op()));
            for (Score s : mine.subList(0, Math.min(n, mine.size()))) {
                mask.switchOff(layer.block(), layer.cell(), layer.layer(), s.op(), epoch, s.loss());
                removed.add(new OpMask.Removal(epoch, layer.block(), layer.cell(), layer.layer(), s.op(),
                        (float) s.loss()));
            }
        }
        return removed;
    }

    /** Whole networks such that every operation still on at every layer is used at least {@code rounds} times. */
    List<List<BlockPath>> stratified(SplittableRandom random) {
        SearchSpace space = mask.space();
        int n = 0;
        for (int b = 0; b < space.blockCount(); b++) {
            BlockSpec spec = space.block(b);
            int widest = 0;
            for (int c = 0; c < spec.cells(); c++) {
                for (int l = 0; l < spec.depths().get(c); l++) widest = Math.max(widest, mask.on(b, c, l).length);
            }
            n = Math.max(n, spec.cells() * widest);
        }
        List<List<BlockPath>> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<int[][][]> perms = new ArrayList<>();
            for (int b = 0; b < space.blockCount(); b++) {
                BlockSpec spec = space.block(b);
                int[][][] byCell = new int[spec.cells()][][];
                for (int c = 0; c < spec.cells(); c++) {
                    byCell[c] = new int[spec.depths().get(c)][];
                    for (int l = 0; l < byCell[c].length; l++) byCell[c][l] = shuffled(mask.on(b, c, l), random);
                }
                perms.add(byCell);
            }
            for (int i = 0; i < n; i++) {
                List<BlockPath> net = new ArrayList<>();
                for (int b = 0; b < space.blockCount(); b++) {
                    int cells = space.block(b).cells();
                    int c = i % cells;
                    int k = i / cells;
                    int[][] layers = perms.get(b)[c];
                    int[] ops = new int[layers.length];
                    for (int l = 0; l < ops.length; l++) ops[l] = layers[l][k % layers[l].length];
                    net.add(new BlockPath(c, ops));
                }
                out.add(net);
            }
        }
        return out;
    }

    private static int[] shuffled(int[] values, SplittableRandom random) {
        int[] v = values.clone();
        for (int i = v.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    }
}
