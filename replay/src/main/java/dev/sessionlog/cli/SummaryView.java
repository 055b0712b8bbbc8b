package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.SessionSummary;
import java.util.List;

/** Entries of the session index. */
enum SummaryView implements View<SessionSummary> {
    INSTANCE;

    @Override
    public List<Column<SessionSummary>> columns() {
        return List.of(
                Column.id("SESSION", s -> s.sessionId().value()),
                Column.id("KEY", s -> s.sessionKey() == null ? "" : s.sessionKey().value()),
                Column.text("STATE", 14, s -> s.state().toString()),
                Column.number("EVENTS", SessionSummary::lastSequence),
                Column.number("MSGS", SessionSummary::messageCount),
                Column.number("OPEN", SessionSummary::openCalls),
                Column.text("LAST FAILURE", 16, s -> s.lastFailure() == null ? "" : s.lastFailure().toString()),
                Column.text("PROVIDER", 12, SessionSummary::provider),
                Column.text("MODEL", 28, SessionSummary::model),
                Column.number("TOKENS", SessionSummary::totalTokens),
                Column.text("UPDATED", 30, s -> s.updatedAt().toString()));
    }

    @Override
    public ObjectNode json(SessionSummary s) {
        ObjectNode node = Json.object().put("sessionId", s.sessionId().value());
        Json.put(node, "sessionKey", s.sessionKey());
        Json.put(node, "agentId", s.agentId());
        Json.put(node, "channel", s.channel());
        Json.put(node, "state", s.state());
        node.put("lastSequence", s.lastSequence());
        node.put("messageCount", s.messageCount());
        node.put("openCalls", s.openCalls());
        Json.put(node, "lastFailure", s.lastFailure());
        Json.put(node, "model", s.model());
        Json.put(node, "provider", s.provider());
        node.put("totalTokens", s.totalTokens());
        Json.put(node, "createdAt", s.createdAt());
        Json.put(node, "updatedAt", s.updatedAt());
        Json.put(node, "endReason", s.endReason());
        return node;
    }
}
