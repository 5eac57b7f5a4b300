package dev.blocknas.nas.select;

import java.util.List;
import java.util.Locale;

/**
 * Prints selector timings on DNA-sized tables (not a test: run its main by hand, e.g. with
 * -XX:ActiveProcessorCount=2). The benchmark module has the rigorous measurements.
 */
public final class SelectorTimings {
  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    var dna = SyntheticRatings.dnaLike(1);
    var tables = List.of(dna, SyntheticRatings.uncorrelated(1), rounded(dna, 1e3), rounded(dna, 1e2));
    var names = List.of("dnaLike", "uncorrelated", "dna3digits", "dna2digits");
    double worst = 0;
    for (int t = 0; t < tables.size(); t++) {
      var table = tables.get(t);
      var base = new BaseCost(500_000, 50_000_000, 1.0);
      for (String dims : List.of("P", "F", "L", "PF", "PL", "PFL")) {
        for (double fraction : new double[] {0.1, 0.5, 0.9}) {
          var budget = budget(table, base, dims, fraction);
          for (int k : new int[] {1, 10}) {
            long bestNs = Long.MAX_VALUE;
            List<Selection> result = null;
            for (int r = 0; r < repeats; r++) {
              long t0 = System.nanoTime();
              result = ExactSelector.topK(table, base, budget, k);
              bestNs = Math.min(bestNs, System.nanoTime() - t0);
            }
            double ms = bestNs / 1e6;
            worst = Math.max(worst, ms);
            System.out.printf(Locale.ROOT, "%-12s %-3s %3.0f%% k=%-2d %8.1f ms  found %2d  best %.6f%n", names.get(t),
                dims, fraction * 100, k, ms, result.size(), result.isEmpty() ? Double.NaN : result.getFirst().rating());
          }
        }
      }
      for (CostKind kind : CostKind.values()) {
        long t0 = System.nanoTime();
        var front = ParetoFront.of(table, base, kind);
        System.out.printf(Locale.ROOT, "%-12s front %-7s %8.1f ms  %d points%n", names.get(t), kind,
            (System.nanoTime() - t0) / 1e6, front.size());
      }
    }
    System.out.printf(Locale.ROOT, "slowest selection: %.1f ms%n", worst);
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
    return new RatingsTable(table.blocks().stream().map(b -> new BlockOptions(b.options().stream()
        .map(o -> new Option(o.label(), Math.round(o.rating() * scale) / scale, o.params(), o.flops(), o.latencyMs()))
        .toList())).toList());
  }

  private SelectorTimings() {}

}
