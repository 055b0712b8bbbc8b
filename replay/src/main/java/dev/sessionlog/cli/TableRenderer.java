package dev.sessionlog.cli;

import java.util.List;

/**
 * Lays rows out as aligned columns. Cells are made single-line (control characters become spaces,
 * so a hostile transcript cannot move the cursor or forge rows) and cut to the column's maximum
 * width, except in {@link Column#whole()} columns (ids and numbers), which are never cut even when
 * the line grows past the total width; the last column gets whatever is left of the total width.
 */
final class TableRenderer {
    private static final String SEPARATOR = "  ";
    private static final int MIN_LAST_COLUMN = 12;

    private TableRenderer() {}

    static <T> String render(List<Column<T>> columns, List<T> rows, int totalWidth) {
        int[] widths = widths(columns, rows, totalWidth);
        StringBuilder out = new StringBuilder();
        String[] headers = columns.stream().map(Column::header).toArray(String[]::new);
        appendLine(out, columns, headers, widths);
        out.append(rows(columns, rows, widths));
        return out.toString();
    }

    /**
     * The column widths {@code rows} need within {@code totalWidth}: for a table printed page by
     * page, the first page's widths, to which later cells are cut.
     */
    static <T> int[] widths(List<Column<T>> columns, List<T> rows, int totalWidth) {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).header().length();
        }
        for (T row : rows) {
            for (int c = 0; c < columns.size(); c++) {
                Column<T> column = columns.get(c);
                widths[c] = Math.max(widths[c], cut(singleLine(column.cell().apply(row)), column.maxWidth()).length());
            }
        }
        int last = columns.size() - 1;
        int used = 0;
        for (int c = 0; c < last; c++) {
            used += widths[c] + SEPARATOR.length();
        }
        widths[last] = Math.max(Math.min(widths[last], totalWidth - used), MIN_LAST_COLUMN);
        return widths;
    }

    /** The header line of a table of {@code widths}. */
    static <T> String header(List<Column<T>> columns, int[] widths) {
        StringBuilder out = new StringBuilder();
        appendLine(out, columns, columns.stream().map(Column::header).toArray(String[]::new), widths);
        return out.toString();
    }

    /** The lines of {@code rows} in a table of {@code widths}. */
    static <T> String rows(List<Column<T>> columns, List<T> rows, int[] widths) {
        StringBuilder out = new StringBuilder();
        for (T row : rows) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                Column<T> column = columns.get(c);
                line[c] = cut(singleLine(column.cell().apply(row)), column.maxWidth());
            }
            appendLine(out, columns, line, widths);
        }
        return out.toString();
    }

    private static <T> void appendLine(StringBuilder out, List<Column<T>> columns, String[] line, int[] widths) {
        int start = out.length();
        for (int c = 0; c < line.length; c++) {
            // numbers and ids are never cut: in a table laid out by its first page, a later one may be longer
            String cell = columns.get(c).whole() ? line[c] : cut(line[c], widths[c]);
            boolean last = c == line.length - 1;
            if (columns.get(c).rightAligned()) {
                out.append(" ".repeat(Math.max(0, widths[c] - cell.length()))).append(cell);
            } else {
                out.append(cell);
                if (!last) {
                    out.append(" ".repeat(Math.max(0, widths[c] - cell.length())));
                }
            }
            if (!last) {
                out.append(SEPARATOR);
            }
        }
        int end = out.length();
        while (end > start && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append(System.lineSeparator());
    }

    /** The text with every control character (newlines, tabs, escapes) replaced by a space. */
    static String singleLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (sb == null) {
                    sb = new StringBuilder(text);
                }
                sb.setCharAt(i, ' ');
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** The text cut to {@code width} characters, ending in an ellipsis when cut. */
    static String cut(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        if (width <= 1) {
            return text.substring(0, Math.max(width, 0));
        }
        int end = width - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
