package dev.blocknas.nas.select;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 text: splitting a whole file into records and quoting single fields. */
final class Csv {

  /**
   * One record.
   *
   * @param line 1-based line on which the record starts
   * @param end index just after the record's line break (or the text's end)
   * @param terminated whether a line break ended it; a crash while appending leaves an unterminated tail
   * @param openQuote whether the text ended inside a quoted field
   */
  record Record(int line, List<String> fields, int end, boolean terminated, boolean openQuote) {}

  private Csv() {}

  /** Splits {@code text} from {@code start} into records, skipping empty lines. */
  static List<Record> parse(String text, int start, String source) {
    var records = new ArrayList<Record>();
    int i = start;
    int line = 1;
    int n = text.length();
    while (i < n) {
      int recordLine = line;
      var fields = new ArrayList<String>();
      var field = new StringBuilder();
      boolean terminated = false;
      boolean openQuote = false;
      boolean atFieldStart = true;
      boolean empty = true;
      while (i < n) {
        char c = text.charAt(i);
        if (c == '"' && atFieldStart) {
          empty = false;
          atFieldStart = false;
          i++;
          openQuote = true;
          while (i < n) {
            char q = text.charAt(i);
            if (q == '"') {
              if (i + 1 < n && text.charAt(i + 1) == '"') {
                field.append('"');
                i += 2;
                continue;
              }
              openQuote = false;
              i++;
              break;
            }
            if (q == '\n' || (q == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
              line++;
            }
            field.append(q);
            i++;
          }
          if (!openQuote && i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            throw new RatingsFormatException(source + " line " + line + ": a quoted field is followed by \""
                + text.charAt(i) + "\" instead of a comma or the end of the line.");
          }
          continue;
        }
        if (c == ',') {
          empty = false;
          fields.add(field.toString());
          field.setLength(0);
          atFieldStart = true;
          i++;
          continue;
        }
        if (c == '\n' || c == '\r') {
          i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
          line++;
          terminated = true;
          break;
        }
        empty = false;
        atFieldStart = false;
        field.append(c);
        i++;
      }
      if (empty && !openQuote) {
        continue;
      }
      fields.add(field.toString());
      records.add(new Record(recordLine, List.copyOf(fields), i, terminated, openQuote));
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
