package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Prints selector and Pareto front timings on DNA-sized tables. Not a test: run its main by hand,
 * pinned to two cores (taskset -c 0,1 java -XX:ActiveProcessorCount=2 ...). Arguments: repeats per
 * case (default 3), then "adversarial" to add tables built to be hard. The benchmark module has the
 * rigorous measurements.
 */
public final class SelectorTimings {
    private static final BaseCost BASE = new BaseCost(500_000, 50_000_000, 1.0);

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        boolean adversarial = args.length > 1 && args[1].equals("adversarial");

        var dna = SyntheticRatings.dnaLike(1);
        long t0 = System.nanoTime();
        var first = ExactSelector.topK(dna, BASE, budget(dna, BASE, "PF", 0.5), 10);
        System.out.printf(Locale.ROOT, "first call in a fresh JVM (dnaLike PF 50%% k=10): %.1f ms, %d found%n",
                (System.nanoTime() - t0) / 1e6, first.size());

        var tables = new LinkedHashMap<String, RatingsTable>();
        tables.put("dnaLike", dna);
        tables.put("uncorrelated", SyntheticRatings.uncorrelated(1));
        tables.put("dna3digits", rounded(dna, 1e3));
        tables.put("dna2digits", rounded(dna, 1e2));
        run(tables, List.of("P", "F", "L", "PF", "PL", "FL", "PFL"), new double[] {0.1, 0.5, 0.9}, new int[] {1, 10},
                repeats, true);
        if (adversarial) {
            var hard = new LinkedHashMap<String, RatingsTable>();
            hard.put("anticorrelated", anticorrelated(3));
            hard.put("noiseless", noiseless(5));
            hard.put("allEqual", allEqual(dna));
            run(hard, List.of("P", "F", "PF", "PFL"), new double[] {0.02, 0.1, 0.3, 0.5, 0.9}, new int[] {1, 10, 1000},
                    1,
                    false);
        }
    }

    private static void run(Map<String, RatingsTable> tables, List<String> dimsList, double[] fractions, int[] ks,
                            int repeats, boolean allFronts) {
        for (var entry : tables.entrySet()) {
            var table = entry.getValue();
            double worst = 0;
            for (String dims : dimsList) {
                for (double fraction : fractions) {
                    var budget = budget(table, BASE, dims, fraction);
                    for (int k : ks) {
                        double best = Double.POSITIVE_INFINITY;
                        List<Selection> result = null;
                        for (int r = 0; r < repeats; r++) {
                            long t0 = System.nanoTime();
                            result = ExactSelector.topK(table, BASE, budget, k);
                            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
                        }
                        worst = Math.max(worst, best);
                        System.out.printf(Locale.ROOT, "%-14s %-3s %3.0f%% k=%-4d %9.1f ms  found %4d%n",
                                entry.getKey(), dims,
                                fraction * 100, k, best, result.size());
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-14s slowest selection %.1f ms%n", entry.getKey(), worst);
            for (CostKind kind : allFronts ? List.of(CostKind.values()) : List.of(CostKind.PARAMS)) {
                long t0 = System.nanoTime();
                var front = ParetoFront.of(table, BASE, kind);
                System.out.printf(Locale.ROOT, "%-14s front %-7s %9.1f ms  %d points%n", entry.getKey(), kind,
                        (System.nanoTime() - t0) / 1e6, front.size());
            }
        }
    }

    /** Each limited cost at {@code fraction} of the way from the cheapest to the dearest network. */
    static Budget budget(RatingsTable table, BaseCost base, String dims, double fraction) {
        var b = Budget.NONE;
        for (char c : dims.toCharArray()) {
            var kind = switch (c) {
                case 'P' -> CostKind.PARAMS;
                case 'F' -> CostKind.FLOPS;
                default -> CostKind.LATENCY;
            };
            double min = kind.of(base);
            double max = kind.of(base);
            for (var block : table.blocks()) {
                min += block.options().stream().mapToLong(kind::of).min().orElseThrow();
                max += block.options().stream().mapToLong(kind::of).max().orElseThrow();
            }
            double limit = min + fraction * (max - min);
            b = switch (kind) {
                case PARAMS -> b.withMaxParams((long) limit);
                case FLOPS -> b.withMaxFlops((long) limit);
                case LATENCY -> b.withMaxLatencyMs(LatencyNanos.toMs((long) limit));
            };
        }
        return b;
    }

    /** The table with ratings rounded to multiples of 1/scale: realistic printouts, and many exact ties. */
    static RatingsTable rounded(RatingsTable table, double scale) {
        return map(table, o -> new Option(o.label(), Math.round(o.rating() * scale) / scale, o.params(), o.flops(),
                o.latencyMs()));
    }

    /** Every rating the same: the order is decided by params and labels alone. */
    static RatingsTable allEqual(RatingsTable table) {
        return map(table, o -> new Option(o.label(), 0.5, o.params(), o.flops(), o.latencyMs()));
    }

    /** Params and FLOPs pull in opposite directions, and the rating rewards both. */
    static RatingsTable anticorrelated(long seed) {
        var rnd = new SplittableRandom(seed);
        return generate(rnd, i -> {
            double x = rnd.nextDouble();
            double y = rnd.nextDouble();
            long params = (long) (1e5 + 1e6 * x);
            long flops = (long) (1e7 + 1e8 * (1 - x) * (0.9 + 0.2 * y));
            double rating = 0.7 + 0.05 * rnd.nextGaussian() - 0.2 * y;
            return new Option("o" + i, rating, params, flops, 0.1 + y);
        });
    }

    /** The rating a smooth function of params without noise: every option and most sums on the front. */
    static RatingsTable noiseless(long seed) {
        var rnd = new SplittableRandom(seed);
        return generate(rnd, i -> {
            long params = 1000 + rnd.nextLong(1_000_000);
            return new Option("o" + i, -Math.log(params), params, params * 50 + rnd.nextLong(1000), params * 1e-6);
        });
    }

    private static RatingsTable generate(SplittableRandom rnd, java.util.function.IntFunction<Option> option) {
        var blocks = new ArrayList<BlockOptions>();
        for (int n : SyntheticRatings.DNA_BLOCK_SIZES) {
            var opts = new ArrayList<Option>();
            for (int i = 0; i < n; i++) {
                opts.add(option.apply(i));
            }
            blocks.add(new BlockOptions(opts));
        }
        return new RatingsTable(blocks);
    }

    private static RatingsTable map(RatingsTable table, java.util.function.UnaryOperator<Option> f) {
        return new RatingsTable(table.blocks().stream().map(b -> new BlockOptions(b.options().stream().map(f).toList()))
                .toList());
    }

    private SelectorTimings() {}
}
