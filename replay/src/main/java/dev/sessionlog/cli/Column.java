package dev.sessionlog.cli;

import java.util.function.Function;

/**
 * One column of a table view.
 *
 * @param header the column's title
 * @param cell the cell text of a row (null shows as empty)
 * @param rightAligned whether to right-align (numbers)
 * @param maxWidth the widest the column gets; longer cells are cut with an ellipsis
 * @param whole whether cells are never cut, whatever the widths: ids a user copies into the next
 *     command, and numbers
 * @param <T> the row type
 */
record Column<T>(String header, Function<T, String> cell, boolean rightAligned, int maxWidth, boolean whole) {

    /** A left-aligned text column. */
    static <T> Column<T> text(String header, int maxWidth, Function<T, String> cell) {
        return new Column<>(header, cell, false, maxWidth, false);
    }

    /**
     * A left-aligned column of identifiers (session ids, keys, file names): never cut, so what a
     * table shows can be copied into the next command; the table's last column gives way instead.
     */
    static <T> Column<T> id(String header, Function<T, String> cell) {
        return new Column<>(header, cell, false, Integer.MAX_VALUE, true);
    }

    /** A right-aligned number column, never cut. */
    static <T> Column<T> number(String header, Function<T, Object> cell) {
        return new Column<>(header, row -> {
            Object value = cell.apply(row);
            return value == null ? "" : value.toString();
        }, true, 20, true);
    }
}
