package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What {@code doctor} found. */
enum FindingView implements View<Finding> {
    INSTANCE;

    @Override
    public List<Column<Finding>> columns() {
        return List.of(
                Column.text("CHECK", 16, Finding::check),
                Column.text("STATUS", 8, f -> f.status().toString()),
                Column.id("SESSION", Finding::session),
                Column.text("DETAIL", 400, Finding::detail));
    }

    @Override
    public ObjectNode json(Finding f) {
        ObjectNode node = Json.object().put("check", f.check());
        Json.put(node, "status", f.status());
        Json.put(node, "session", f.session());
        return node.put("detail", f.detail());
    }
}
