package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Problems found by {@code verify}, {@code doctor} and {@code repair}. */
enum ProblemView implements View<Problem> {
    INSTANCE;

    @Override
    public List<Column<Problem>> columns() {
        return List.of(
                Column.text("CHECK", 20, Problem::check),
                Column.id("SESSION", Problem::session),
                Column.number("SEQ", p -> p.sequence() == 0 ? null : p.sequence()),
                Column.text("WHERE", 60, Problem::place),
                Column.text("PROBLEM", 400, Problem::description));
    }

    @Override
    public ObjectNode json(Problem p) {
        ObjectNode node = Json.object().put("check", p.check());
        Json.put(node, "session", p.session());
        node.put("sequence", p.sequence());
        Json.put(node, "file", p.file());
        if (p.file() != null) {
            node.put("offset", p.offset());
        }
        return node.put("description", p.description());
    }
}
