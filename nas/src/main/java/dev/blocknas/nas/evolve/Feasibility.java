package dev.blocknas.nas.evolve;

import dev.blocknas.nas.cost.CandidateCost;
import dev.blocknas.nas.cost.CostModel;
import dev.blocknas.nas.select.BaseCost;
import dev.blocknas.nas.select.Budget;
import dev.blocknas.nas.select.CostKind;
import dev.blocknas.nas.select.Option;
import dev.blocknas.nas.select.Selection;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The budget as the genetic algorithm sees it: exact network costs from the {@link CostModel}, the same inclusive
 * test as the exact selector ({@link Budget#admits}), and a repair that makes an over-budget genome fit by
 * cheaper single-gene changes, or gives up so that the individual is rejected. Nothing over budget is ever
 * evaluated, selected or reported.
 */
public final class Feasibility {
    private final GenomeLayout layout;
    private final CostModel costs;
    private final Budget budget;
    private final BaseCost base;
    private final Map<BlockCandidate, CandidateCost> cache = new HashMap<>();

    private record BlockCandidate(int block, BlockPath path) {}

    public Feasibility(GenomeLayout layout, CostModel costs, Budget budget) {
        if (!costs.space().equals(layout.space()))
            throw new IllegalArgumentException("the cost model is of another space");
        if (budget.isLimited(CostKind.LATENCY) && !costs.hasLatency()) {
            throw new IllegalArgumentException("A latency budget needs measured latencies: add --latency.");
        }
        this.layout = layout;
        this.costs = costs;
        this.budget = budget;
        CandidateCost b = costs.base();
        this.base = new BaseCost(b.params(), b.flops(), b.latencyMs());
    }

    public Budget budget() {
        return budget;
    }

    /** The network's totals, exactly as the selector adds them (latency in whole nanoseconds). */
    public NetworkCost cost(List<BlockPath> network) {
        Selection s = selection(network);
        return new NetworkCost(s.params(), s.flops(), s.latencyMs());
    }

    /** Whether the network fits every limit (inclusive). */
    public boolean fits(List<BlockPath> network) {
        return budget.admits(selection(network));
    }

    private Selection selection(List<BlockPath> network) {
        SearchSpace space = layout.space();
        List<Option> options = new ArrayList<>(network.size());
        for (int b = 0; b < network.size(); b++) {
            CandidateCost c = block(b, network.get(b));
            options.add(new Option(space.label(b, network.get(b)), 0, c.params(), c.flops(), c.latencyMs()));
        }
        return Selection.of(options, base);
    }

    private CandidateCost block(int b, BlockPath path) {
        return cache.computeIfAbsent(new BlockCandidate(b, path), k -> costs.candidate(k.block(), k.path()));
    }

    /**
     * A genome that fits: this one, or one reached from it by single-gene changes (a cheaper operation at a
     * layer, or a cheaper cell) each lowering the network's cost relative to the limits; empty when no such
     * change is left and it still does not fit.
     */
    public Optional<Genome> repair(Genome genome, SplittableRandom random) {
        Genome g = genome;
        List<BlockPath> net = layout.decode(g);
        while (!fits(net)) {
            double now = load(net);
            List<Genome> cheaper = new ArrayList<>();
            for (int i : layout.expressed(g)) {
                for (int v : layout.allowed(i)) {
                    if (v == g.gene(i)) continue;
                    Genome h = g.with(i, v);
                    if (load(layout.decode(h)) < now) cheaper.add(h);
                }
            }
            if (cheaper.isEmpty()) return Optional.empty();
            // a random cheaper step rather than the steepest keeps repaired networks diverse
            g = cheaper.get(random.nextInt(cheaper.size()));
            net = layout.decode(g);
        }
        return Optional.of(g);
    }

    /** The network's costs as fractions of the limits, summed over the limited kinds: what repair lowers. */
    private double load(List<BlockPath> network) {
        NetworkCost c = cost(network);
        double s = 0;
        if (budget.maxParams().isPresent()) s += c.params() / (double) Math.max(1, budget.maxParams().getAsLong());
        if (budget.maxFlops().isPresent()) s += c.flops() / (double) Math.max(1, budget.maxFlops().getAsLong());
        if (budget.maxLatencyMs().isPresent()) s += c.latencyMs() / Math.max(1e-9, budget.maxLatencyMs().getAsDouble());
        return s;
    }

    /**
     * Fails early, with one sentence, when even the cheapest network of each limited kind (over the operations
     * still allowed) is over its limit, so that a search does not train a supernet for nothing.
     */
    public void requireSomeFit() {
        for (CostKind kind : budget.limited()) {
            double least = least(kind);
            double limit = switch (kind) {
                case PARAMS -> budget.maxParams().getAsLong();
                case FLOPS -> budget.maxFlops().getAsLong();
                case LATENCY -> budget.maxLatencyMs().getAsDouble();
            };
            if (least > limit) {
                String what = switch (kind) {
                    case PARAMS -> "max params " + (long) limit + ", but the smallest network has " + (long) least
                            + " parameters";
                    case FLOPS -> "max FLOPs " + (long) limit + ", but the network with the fewest FLOPs has "
                            + (long) least + " FLOPs";
                    case LATENCY -> "max latency " + limit + " ms, but the fastest network takes " + least + " ms";
                };
                throw new IllegalArgumentException("No network fits the budget: " + what + ".");
            }
        }
    }

    /** The least total of {@code kind} over the networks the layout allows, from the per-layer additivity of costs. */
    private double least(CostKind kind) {
        SearchSpace space = layout.space();
        double total = value(kind, new CandidateCost(base.params(), base.flops(), base.latencyMs()));
        for (int b = 0; b < space.blockCount(); b++) {
            double bestCell = Double.POSITIVE_INFINITY;
            for (int c = 0; c < space.block(b).cells(); c++) {
                double cell = value(kind, block(b, reference(b, c)));
                for (int l = 0; l < space.block(b).depths().get(c); l++) {
                    cell += layerCosts(kind, b, c, l).values().stream().mapToDouble(Double::doubleValue).min()
                            .orElse(0);
                }
                bestCell = Math.min(bestCell, cell);
            }
            total += bestCell;
        }
        return total;
    }

    /**
     * The operations of a layer that are the cheapest there in some limited cost: shrinking keeps them on, so that
     * the cheapest network of each limited kind stays in the space and a budget that fitted before still does.
     */
    public Set<Integer> cheapest(int b, int cell, int layer) {
        Set<Integer> keep = new TreeSet<>();
        for (CostKind kind : budget.limited()) {
            Map<Integer, Double> c = layerCosts(kind, b, cell, layer);
            double min = c.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
            c.forEach((op, v) -> {
                if (v == min) keep.add(op);
            });
        }
        return keep;
    }

    /** The path through cell {@code c} that takes the first allowed operation at every layer. */
    private BlockPath reference(int b, int c) {
        int depth = layout.space().block(b).depths().get(c);
        int[] ops = new int[depth];
        for (int l = 0; l < depth; l++) ops[l] = layout.allowed(layout.opGene(b, c, l))[0];
        return new BlockPath(c, ops);
    }

    /**
     * Each allowed operation's cost at one layer relative to the reference path's: block costs add up layer by layer
     * (as the cost model sums them), so swapping one layer's operation changes the block's cost by exactly this.
     */
    private Map<Integer, Double> layerCosts(CostKind kind, int b, int c, int l) {
        BlockPath ref = reference(b, c);
        double refCost = value(kind, block(b, ref));
        Map<Integer, Double> out = new HashMap<>();
        for (int o : layout.allowed(layout.opGene(b, c, l))) {
            int[] ops = ref.ops();
            ops[l] = o;
            out.put(o, value(kind, block(b, new BlockPath(c, ops))) - refCost);
        }
        return out;
    }

    private static double value(CostKind kind, CandidateCost c) {
        return switch (kind) {
            case PARAMS -> c.params();
            case FLOPS -> c.flops();
            case LATENCY -> c.latencyMs();
        };
    }
}
