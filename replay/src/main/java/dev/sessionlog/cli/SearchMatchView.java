package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Matches of {@code search}. */
enum SearchMatchView implements View<TranscriptSearch.Match> {
    INSTANCE;

    @Override
    public List<Column<TranscriptSearch.Match>> columns() {
        return List.of(
                Column.id("SESSION", m -> m.session().value()),
                Column.number("SEQ", TranscriptSearch.Match::sequence),
                Column.text("TIME", 30, m -> m.at().toString()),
                Column.text("KIND", 9, m -> m.kind().toString().toLowerCase(java.util.Locale.ROOT)),
                Column.text("TEXT", 400, TranscriptSearch.Match::snippet));
    }

    @Override
    public ObjectNode json(TranscriptSearch.Match m) {
        ObjectNode node = Json.object().put("session", m.session().value()).put("sequence", m.sequence());
        Json.put(node, "at", m.at());
        node.put("kind", m.kind().toString().toLowerCase(java.util.Locale.ROOT));
        node.put("event", m.eventType());
        return node.put("snippet", m.snippet());
    }
}
