package dev.blocknas.nas.select;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 text: splitting a whole text into records ({@link CsvReader} reads them) and quoting single fields. */
final class Csv {

    /**
     * One record.
     *
     * @param line 1-based line on which the record starts
     * @param end index just after the record's line break (or the text's end), at most {@link Integer#MAX_VALUE}
     * @param terminated whether a line break ended it; a crash while appending leaves an unterminated tail
     * @param openQuote whether the text ended inside a quoted field
     */
    record Record(int line, List<String> fields, int end, boolean terminated, boolean openQuote) {}

    private Csv() {}

    /** Splits {@code text} from {@code start} into records, skipping empty lines. */
    static List<Record> parse(String text, int start, String source) {
        var reader = new CsvReader(new StringReader(text.substring(start)), start, source);
        var records = new ArrayList<Record>();
        Record r;
        while ((r = reader.next()) != null) {
            records.add(r);
        }
        return records;
    }

    /** The field as written in a file: quoted when it holds a comma, a quote or a line break. */
    static String quote(String field) {
        boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** One record as a line, with its terminating newline. */
    static String line(List<String> fields) {
        var sb = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields.get(i)));
        }
        return sb.append('\n').toString();
    }
}
