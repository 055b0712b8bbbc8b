package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.SessionId;
import dev.sessionlog.openclaw.FileImportReport;
import java.util.List;

/** The per-file report of {@code import-openclaw}. */
enum FileImportReportView implements View<FileImportReport> {
    INSTANCE;

    @Override
    public List<Column<FileImportReport>> columns() {
        return List.of(
                Column.id("FILE", FileImportReport::file),
                Column.text("STATUS", 8, r -> r.status().toString()),
                Column.id("SESSION", FileImportReportView::session),
                Column.number("APPENDED", FileImportReport::appended),
                Column.number("ENTRIES", FileImportReport::entries),
                Column.number("MALFORMED", FileImportReport::malformed),
                Column.number("WARNINGS", r -> r.warnings().size()),
                Column.text("DETAIL", 400, FileImportReport::detail));
    }

    @Override
    public ObjectNode json(FileImportReport r) {
        ObjectNode node = Json.object().put("file", r.file());
        Json.put(node, "session", session(r));
        Json.put(node, "status", r.status());
        node.put("appended", r.appended()).put("entries", r.entries()).put("malformed", r.malformed());
        ArrayNode warnings = node.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return Json.put(node, "detail", r.detail());
    }

    private static String session(FileImportReport r) {
        SessionId session = r.session();
        return session == null ? null : session.value();
    }
}
