package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes a command's data to stdout in the chosen format. Commands hand it rows and a
 * {@link View}; they never format anything themselves.
 */
final class Output {
    private final OutputFormat format;
    private final PrintWriter out;
    private final int tableWidth;

    Output(OutputFormat format, PrintWriter out, int tableWidth) {
        this.format = format;
        this.out = out;
        this.tableWidth = tableWidth;
    }

    OutputFormat format() {
        return format;
    }

    /** Prints {@code rows}; a table says {@code emptyText} when there are none. */
    <T> void list(List<T> rows, View<T> view, String emptyText) {
        switch (format) {
            case TABLE -> {
                if (rows.isEmpty()) {
                    out.println(emptyText);
                } else {
                    out.print(TableRenderer.render(view.columns(), rows, tableWidth));
                }
            }
            case JSON -> {
                ArrayNode array = Json.MAPPER.createArrayNode();
                rows.forEach(row -> array.add(view.json(row)));
                out.println(Json.pretty(array));
            }
            case JSONL -> rows.forEach(row -> out.println(Json.compact(view.json(row))));
        }
        out.flush();
    }

    /**
     * Prints the rows {@code pages} hands out, one page at a time, until it hands out an empty one:
     * never more than a page in memory. A table is laid out by its first page (later cells are cut
     * to those widths); JSON is one array, written as it goes.
     */
    <T> void stream(Supplier<List<T>> pages, View<T> view, String emptyText) {
        List<T> page = pages.get();
        if (page.isEmpty()) {
            list(page, view, emptyText);
            return;
        }
        int[] widths = format == OutputFormat.TABLE ? TableRenderer.widths(view.columns(), page, tableWidth) : null;
        if (format == OutputFormat.TABLE) {
            out.print(TableRenderer.header(view.columns(), widths));
        } else if (format == OutputFormat.JSON) {
            out.print("[");
        }
        boolean first = true;
        while (!page.isEmpty()) {
            switch (format) {
                case TABLE -> out.print(TableRenderer.rows(view.columns(), page, widths));
                case JSON -> {
                    for (T row : page) {
                        out.print((first ? "" : ",") + System.lineSeparator() + Json.pretty(view.json(row)));
                        first = false;
                    }
                }
                case JSONL -> page.forEach(row -> out.println(Json.compact(view.json(row))));
            }
            out.flush();
            page = pages.get();
        }
        if (format == OutputFormat.JSON) {
            out.println(System.lineSeparator() + "]");
        }
        out.flush();
    }

    /** Prints name/value pairs: two columns, or one JSON object. */
    void stats(List<Stat> stats) {
        if (format == OutputFormat.TABLE) {
            out.print(TableRenderer.render(StatView.INSTANCE.columns(), stats, tableWidth));
        } else {
            ObjectNode node = Json.object();
            stats.forEach(stat -> Json.put(node, stat.name(), stat.value()));
            out.println(format == OutputFormat.JSON ? Json.pretty(node) : Json.compact(node));
        }
        out.flush();
    }

    /** A sink that prints each row as one JSON line as it comes, flushed at once (for following). */
    <T> Consumer<T> jsonLines(View<T> view) {
        return row -> {
            synchronized (out) {
                out.println(Json.compact(view.json(row)));
                out.flush();
            }
        };
    }

    /** Prints a line of text as it is (table mode's headings and prose). */
    void line(String text) {
        out.println(text);
        out.flush();
    }
}
