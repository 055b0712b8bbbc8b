package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;

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
