package dev.blocknas.nas.select;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One network: an option per block, with its totals (base cost included).
 *
 * @param options the chosen option of each block, in block order
 * @param rating the exact sum of the options' ratings, rounded to the nearest double
 * @param latencyMs total latency, {@code NaN} when some part has none
 */
public record Selection(List<Option> options, double rating, long params, long flops, double latencyMs) {

    /**
     * Best first: lower exact rating sum, then fewer total parameters, then candidate labels compared
     * block by block. A total order on distinct networks of one table.
     */
    public static final Comparator<Selection> ORDER = Selection::compare;

    public Selection {
        options = List.copyOf(options);
    }

    /** The network made of {@code options} (one per block, in block order) on top of {@code base}. */
    public static Selection of(List<Option> options, BaseCost base) {
        var rating = new ExactSum();
        long params = base.params();
        long flops = base.flops();
        boolean latencyKnown = !Double.isNaN(base.latencyMs());
        long latencyNs = latencyKnown ? LatencyNanos.of(base.latencyMs()) : 0;
        for (Option o : options) {
            rating.add(o.rating());
            params = Math.addExact(params, o.params());
            flops = Math.addExact(flops, o.flops());
            if (o.hasLatency()) {
                latencyNs += LatencyNanos.of(o.latencyMs());
            } else {
                latencyKnown = false;
            }
        }
        return new Selection(options, rating.value(), params, flops,
                latencyKnown ? LatencyNanos.toMs(latencyNs) : Double.NaN);
    }

    /** The chosen candidate labels, in block order. */
    public List<String> labels() {
        return options.stream().map(Option::label).toList();
    }

    /** The labels joined into one architecture string. */
    public String architecture(String joiner) {
        return options.stream().map(Option::label).collect(Collectors.joining(joiner));
    }

    /** This network's total of {@code kind}, latency in milliseconds. */
    public double cost(CostKind kind) {
        return switch (kind) {
            case PARAMS -> params;
            case FLOPS -> flops;
            case LATENCY -> latencyMs;
        };
    }

    private static int compare(Selection a, Selection b) {
        var ra = new ExactSum();
        a.options.forEach(o -> ra.add(o.rating()));
        var rb = new ExactSum();
        b.options.forEach(o -> rb.add(o.rating()));
        int c = ra.compareTo(rb);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.params, b.params);
        if (c != 0) {
            return c;
        }
        for (int i = 0; i < Math.min(a.options.size(), b.options.size()); i++) {
            c = a.options.get(i).label().compareTo(b.options.get(i).label());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.options.size(), b.options.size());
    }
}
