package dev.blocknas.nas.select;

import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The ratings file's columns: header matching, row validation and row formatting. */
final class RatingsCsv {
    static final String BLOCK = "block";
    static final String CANDIDATE = "candidate";
    static final String LOSS = "loss";
    static final String PARAMS = "params";
    static final String FLOPS = "flops";
    static final String LATENCY = "latency_ms";
    static final List<String> COLUMNS = List.of(BLOCK, CANDIDATE, LOSS, PARAMS, FLOPS, LATENCY);

    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** One data row. */
    record Row(int block, Option option, int line) {}

    /**
     * Where each required column sits in a file's header.
     *
     * @param positions position of {@link #COLUMNS}{@code [i]} in the file's records
     * @param names the file's header fields, in file order
     */
    record Header(int[] positions, List<String> names) {
        int width() {
            return names.size();
        }

        /** A row in this header's column order; columns this package does not know stay empty. */
        List<String> fieldsOf(int block, Option o) {
            var fields = new ArrayList<String>(names.size());
            for (int i = 0; i < names.size(); i++) {
                fields.add("");
            }
            var values = values(block, o);
            for (int c = 0; c < COLUMNS.size(); c++) {
                fields.set(positions[c], values.get(c));
            }
            return fields;
        }
    }

    private RatingsCsv() {}

    static Header standardHeader() {
        return new Header(new int[] {0, 1, 2, 3, 4, 5}, COLUMNS);
    }

    /** The fields of a row in {@link #COLUMNS} order. */
    static List<String> values(int block, Option o) {
        return List.of(Integer.toString(block), o.label(), Double.toString(o.rating()), Long.toString(o.params()),
                Long.toString(o.flops()), o.hasLatency() ? Double.toString(o.latencyMs()) : "");
    }

    /**
     * Decodes UTF-8 that may end in the middle of a character, as a file cut off by a crash does; that
     * last partial character is left out. Invalid bytes anywhere else are an error.
     */
    static String decodeAllowingCutEnd(byte[] bytes, String source) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var out = CharBuffer.allocate(bytes.length);
        // Not the end of input: an incomplete last sequence then stays unread instead of being an error.
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), out, false);
        if (result.isError()) {
            throw new RatingsFormatException(source + " is not valid UTF-8 text.");
        }
        return out.flip().toString();
    }

    /** Where the records start: after a UTF-8 byte order mark, if any. */
    static int bodyStart(String text) {
        return text.startsWith("\uFEFF") ? 1 : 0;
    }

    static Header header(Csv.Record record, String source) {
        var names = record.fields().stream().map(String::strip).toList();
        int[] positions = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            int first = names.indexOf(COLUMNS.get(c));
            if (first < 0) {
                throw new RatingsFormatException(source + " has no column \"" + COLUMNS.get(c) + "\" (header: "
                        + String.join(",", record.fields()) + ").");
            }
            if (names.lastIndexOf(COLUMNS.get(c)) != first) {
                throw new RatingsFormatException(
                        source + " has the column \"" + COLUMNS.get(c) + "\" twice in its header.");
            }
            positions[c] = first;
        }
        return new Header(positions, names);
    }

    static Row row(Csv.Record record, Header header, String source) {
        String at = source + " line " + record.line();
        if (record.fields().size() != header.width()) {
            throw new RatingsFormatException(at + " has " + record.fields().size() + " fields, but the header has "
                    + header.width() + ".");
        }
        var p = header.positions();
        long block = whole(record.fields().get(p[0]), BLOCK, at);
        if (block > Integer.MAX_VALUE) {
            throw new RatingsFormatException(at + ": column \"block\" is " + block + ", too large for a block index.");
        }
        String label = record.fields().get(p[1]);
        if (label.isEmpty()) {
            throw new RatingsFormatException(at + ": column \"candidate\" is empty.");
        }
        double loss = decimal(record.fields().get(p[2]), LOSS, at);
        long params = whole(record.fields().get(p[3]), PARAMS, at);
        long flops = whole(record.fields().get(p[4]), FLOPS, at);
        String latencyText = record.fields().get(p[5]).strip();
        double latency = Double.NaN;
        if (!latencyText.isEmpty()) {
            latency = decimal(latencyText, LATENCY, at);
            if (latency < 0) {
                throw new RatingsFormatException(at + ": column \"latency_ms\" is \"" + latencyText
                        + "\", but a latency cannot be negative.");
            }
            if (latency > LatencyNanos.MAX_MS) {
                throw new RatingsFormatException(at + ": column \"latency_ms\" is \"" + latencyText
                        + "\", more than the largest supported latency of " + LatencyNanos.MAX_MS + " ms.");
            }
        }
        return new Row((int) block, new Option(label, loss, params, flops, latency), record.line());
    }

    private static long whole(String raw, String column, String at) {
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new RatingsFormatException(at + ": column \"" + column + "\" is empty.");
        }
        if (text.startsWith("-") && digits(text, 1)) {
            throw new RatingsFormatException(
                    at + ": column \"" + column + "\" is \"" + text + "\", but it cannot be negative.");
        }
        if (!digits(text, 0)) {
            throw new RatingsFormatException(
                    at + ": column \"" + column + "\" is \"" + text + "\", not a whole number.");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RatingsFormatException(
                    at + ": column \"" + column + "\" is \"" + text + "\", too large a number.", e);
        }
    }

    /** Whether {@code text} from {@code from} is one or more ASCII digits (a loop: rows are read by the million). */
    private static boolean digits(String text, int from) {
        if (text.length() <= from) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static double decimal(String raw, String column, String at) {
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new RatingsFormatException(at + ": column \"" + column + "\" is empty.");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new RatingsFormatException(
                    at + ": column \"" + column + "\" is \"" + text + "\", not a finite number.");
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw new RatingsFormatException(
                    at + ": column \"" + column + "\" is \"" + text + "\", too large a number.");
        }
        return v;
    }
}
