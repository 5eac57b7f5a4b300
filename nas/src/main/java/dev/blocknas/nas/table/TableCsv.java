package dev.blocknas.nas.table;

import dev.blocknas.layers.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CSV form of a ground-truth table: a header, then one row per (network, seed). Lines starting with
 * {@code #} before the header record the recipe, e.g. {@code # recipe: data=fashion epochs=5 ...}.
 */
public final class TableCsv {
    /** The header line. */
    public static final String HEADER = "architecture,params,madds,seed,epochs,test_accuracy,test_loss,seconds";

    private TableCsv() {}

    /** The rows and recipe comments of {@code file}. */
    public static Table read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("No such table file: " + file + ".");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new TableFormatException(file + " is not a UTF-8 text file (a ground-truth table CSV was expected).");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        List<String> comments = new ArrayList<>();
        List<TableRow> rows = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            if (!header) {
                if (line.startsWith("#")) {
                    comments.add(line.substring(1).strip());
                    continue;
                }
                if (!line.equals(HEADER)) {
                    throw new TableFormatException(
                            file + " line " + (i + 1) + ": expected the header \"" + HEADER + "\".");
                }
                header = true;
                continue;
            }
            rows.add(parse(line, file, i + 1));
        }
        if (!header) throw new TableFormatException(file + " has no header line \"" + HEADER + "\".");
        return new Table(comments, rows);
    }

    private static TableRow parse(String line, Path file, int no) {
        String[] f = line.split(",", -1);
        if (f.length != 8)
            throw new TableFormatException(file + " line " + no + ": expected 8 fields, found " + f.length + ".");
        try {
            TableRow r = new TableRow(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Integer.parseInt(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]));
            if (!(r.testAccuracy() >= 0 && r.testAccuracy() <= 1)) {
                throw new TableFormatException(
                        file + " line " + no + ": test_accuracy must be in [0, 1], got " + f[5] + ".");
            }
            return r;
        } catch (NumberFormatException e) {
            throw new TableFormatException(
                    file + " line " + no + ": a number field is not a number (" + e.getMessage() + ").");
        }
    }

    /** Writes {@code table} atomically. */
    public static void write(Path file, Table table) {
        StringBuilder sb = new StringBuilder();
        for (String c : table.comments()) sb.append("# ").append(c).append('\n');
        sb.append(HEADER).append('\n');
        for (TableRow r : table.rows()) {
            sb.append(r.architecture()).append(',').append(r.params()).append(',').append(r.madds()).append(',')
                    .append(r.seed())
                    .append(',').append(r.epochs()).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", r.testAccuracy()))
                    .append(',').append(String.format(Locale.ROOT, "%.5f", r.testLoss()))
                    .append(',').append(String.format(Locale.ROOT, "%.1f", r.seconds())).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
