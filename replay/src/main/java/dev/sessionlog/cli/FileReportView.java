package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The per-file report of {@code import-openclaw}. */
enum FileReportView implements View<FileReport> {
    INSTANCE;

    @Override
    public List<Column<FileReport>> columns() {
        return List.of(
                Column.text("FILE", 60, FileReport::file),
                Column.text("STATUS", 8, r -> r.status().toString()),
                Column.text("SESSION", 40, FileReport::session),
                Column.number("APPENDED", FileReport::appended),
                Column.number("ENTRIES", FileReport::entries),
                Column.number("MALFORMED", FileReport::malformed),
                Column.number("WARNINGS", r -> r.warnings().size()),
                Column.text("DETAIL", 400, FileReport::detail));
    }

    @Override
    public ObjectNode json(FileReport r) {
        ObjectNode node = Json.object().put("file", r.file());
        Json.put(node, "session", r.session());
        Json.put(node, "status", r.status());
        node.put("appended", r.appended()).put("entries", r.entries()).put("malformed", r.malformed());
        ArrayNode warnings = node.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return Json.put(node, "detail", r.detail());
    }
}
