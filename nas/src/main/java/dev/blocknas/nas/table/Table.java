package dev.blocknas.nas.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ground-truth table in the spirit of NAS-Bench-201: networks of a space trained stand-alone with a fixed
 * recipe, some with several seeds.
 *
 * @param comments the recipe lines of the file
 * @param rows     one row per (network, seed)
 */
public record Table(List<String> comments, List<TableRow> rows) {
    public Table {
        comments = List.copyOf(comments);
        rows = List.copyOf(rows);
    }

    /** The table with one more row. */
    public Table with(TableRow row) {
        List<TableRow> r = new ArrayList<>(rows);
        r.add(row);
        return new Table(comments, r);
    }

    /** Whether the network has a row with this seed. */
    public boolean has(String architecture, long seed) {
        return rows.stream().anyMatch(r -> r.architecture().equals(architecture) && r.seed() == seed);
    }

    /** Each network once (in the order of first appearance) with its accuracy averaged over its seeds. */
    public List<Network> networks() {
        Map<String, List<TableRow>> by = new LinkedHashMap<>();
        for (TableRow r : rows) by.computeIfAbsent(r.architecture(), k -> new ArrayList<>()).add(r);
        List<Network> out = new ArrayList<>();
        for (List<TableRow> rs : by.values()) {
            double acc = rs.stream().mapToDouble(TableRow::testAccuracy).average().orElseThrow();
            double loss = rs.stream().mapToDouble(TableRow::testLoss).average().orElseThrow();
            out.add(new Network(rs.get(0).architecture(), rs.get(0).params(), rs.get(0).madds(), acc, loss,
                    rs.stream().mapToDouble(TableRow::testAccuracy).toArray()));
        }
        return out;
    }

    /**
     * A network of the table.
     *
     * @param accuracy   mean test accuracy over its seeds
     * @param loss       mean test loss over its seeds
     * @param bySeed     its accuracy with each seed, in the table's row order
     */
    public record Network(String architecture, long params, long madds, double accuracy, double loss,
                          double[] bySeed) {}
}
