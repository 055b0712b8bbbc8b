package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {
    private static final List<Column<String[]>> COLUMNS = List.of(
            Column.text("NAME", 8, r -> r[0]),
            Column.number("N", r -> r[1]),
            Column.text("TEXT", 500, r -> r[2]));

    @Test
    void aligns_columns_and_right_aligns_numbers() {
        String table = TableRenderer.render(COLUMNS, List.of(new String[] {"a", "7", "x"},
                new String[] {"bbb", "1234", "y"}), 80);
        List<String> lines = table.lines().toList();
        assertEquals("NAME     N  TEXT", lines.get(0));
        assertEquals("a        7  x", lines.get(1));
        assertEquals("bbb   1234  y", lines.get(2));
    }

    @Test
    void cuts_long_cells_with_an_ellipsis_and_fits_the_last_column_to_the_width() {
        String table = TableRenderer.render(COLUMNS, List.<String[]>of(new String[] {"a-very-long-name", "1",
                "z".repeat(1000)}), 60);
        String row = table.lines().toList().get(1);
        assertTrue(row.startsWith("a-very-… "), row);
        assertEquals(60, row.length(), row);
        assertTrue(row.endsWith("…"), row);
    }

    @Test
    void control_characters_cannot_break_rows_or_reach_the_terminal() {
        String table = TableRenderer.render(COLUMNS, List.<String[]>of(new String[] {"x", "1",
                "line1\nline2\u001b[31m\rred\u2028"}), 80);
        assertEquals(2, table.lines().count(), table);
        assertFalse(table.contains("\u001b") || table.contains("\r"), table);
    }

    @Test
    void never_splits_a_surrogate_pair() {
        String cut = TableRenderer.cut("ab😀cd", 4);
        assertEquals("ab…", cut);
    }

    @Test
    void an_id_column_is_never_cut_even_past_the_total_width_or_the_first_page() {
        List<Column<String[]>> columns = List.of(Column.id("ID", r -> r[0]), Column.text("TEXT", 500, r -> r[1]));
        String id = "agent-main-" + "x".repeat(150);
        String table = TableRenderer.render(columns, List.<String[]>of(new String[] {id, "detail"}), 80);
        assertTrue(table.lines().toList().get(1).startsWith(id + "  "), table);

        int[] widths = TableRenderer.widths(columns, List.<String[]>of(new String[] {"short", "d"}), 80);
        String later = TableRenderer.rows(columns, List.<String[]>of(new String[] {id, "detail"}), widths);
        assertTrue(later.startsWith(id), "a later page's longer id stays whole: " + later);
    }
}
