package dev.blocknas.nas.select;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records read one at a time from a character stream, so that a file of any size is parsed in the
 * memory of one record. Empty lines are skipped; a quote opens a quoted field only at a field's start.
 */
final class CsvReader {
    private final Reader in;
    private final String source;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    /** Characters consumed before {@code buf[0]}, for {@link Csv.Record#end}. */
    private long consumed;
    private int line = 1;

    /** Records of {@code in}, whose first character stands at {@code offset} of the whole text. */
    CsvReader(Reader in, long offset, String source) {
        this.in = in;
        this.consumed = offset;
        this.source = source;
    }

    /** The next record, or null at the end of the stream. */
    Csv.Record next() {
        while (peek() >= 0) {
            int recordLine = line;
            var fields = new ArrayList<String>();
            var field = new StringBuilder();
            boolean terminated = false;
            boolean openQuote = false;
            boolean atFieldStart = true;
            boolean empty = true;
            int c;
            while ((c = peek()) >= 0) {
                if (c == '"' && atFieldStart) {
                    empty = false;
                    atFieldStart = false;
                    take();
                    openQuote = true;
                    int q;
                    while ((q = peek()) >= 0) {
                        take();
                        if (q == '"') {
                            if (peek() == '"') {
                                take();
                                field.append('"');
                                continue;
                            }
                            openQuote = false;
                            break;
                        }
                        if (q == '\n' || (q == '\r' && peek() != '\n')) {
                            line++;
                        }
                        field.append((char) q);
                    }
                    int after = peek();
                    if (!openQuote && after >= 0 && after != ',' && after != '\n' && after != '\r') {
                        throw new RatingsFormatException(source + " line " + line + ": a quoted field is followed by \""
                                + (char) after + "\" instead of a comma or the end of the line.");
                    }
                    continue;
                }
                take();
                if (c == ',') {
                    empty = false;
                    fields.add(field.toString());
                    field.setLength(0);
                    atFieldStart = true;
                    continue;
                }
                if (c == '\n' || c == '\r') {
                    if (c == '\r' && peek() == '\n') {
                        take();
                    }
                    line++;
                    terminated = true;
                    break;
                }
                empty = false;
                atFieldStart = false;
                field.append((char) c);
            }
            if (empty && !openQuote) {
                continue;
            }
            fields.add(field.toString());
            return new Csv.Record(recordLine, List.copyOf(fields), (int) Math.min(position(), Integer.MAX_VALUE),
                    terminated, openQuote);
        }
        return null;
    }

    /** Characters consumed so far. */
    long position() {
        return consumed + pos;
    }

    private int peek() {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private void take() {
        pos++;
    }

    private boolean fill() {
        try {
            consumed += limit;
            pos = 0;
            limit = 0;
            int n = in.read(buf);
            if (n < 0) {
                return false;
            }
            limit = n;
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new RatingsFormatException(source + " is not valid UTF-8 text.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}
