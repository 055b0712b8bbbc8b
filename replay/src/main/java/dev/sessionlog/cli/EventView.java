package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.codec.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stored events. JSON is the store's own wire format (the {@link EventCodec}'s envelope) with the
 * log position and the event's own time ({@link RecordedEvent#occurredAt()}: an imported event's
 * original time) added, so what the CLI prints is what the store holds. The table's TIME is that
 * own time; {@code recordedAt} (the store's) is in the JSON.
 */
final class EventView implements View<RecordedEvent> {
    private final EventCodec codec;
    private final boolean withSession;

    /** @param withSession whether the table shows the session column (events of many sessions) */
    EventView(EventCodec codec, boolean withSession) {
        this.codec = codec;
        this.withSession = withSession;
    }

    @Override
    public List<Column<RecordedEvent>> columns() {
        List<Column<RecordedEvent>> columns = new ArrayList<>();
        if (withSession) {
            columns.add(Column.id("SESSION", e -> e.sessionId().value()));
        }
        columns.add(Column.number("SEQ", RecordedEvent::sequence));
        columns.add(Column.text("TIME", 30, e -> e.occurredAt().toString()));
        columns.add(Column.text("EVENT", 24, e -> e.event().getClass().getSimpleName()));
        columns.add(Column.text("DETAIL", 400, e -> EventDescriber.describe(e.event())));
        return columns;
    }

    @Override
    public ObjectNode json(RecordedEvent row) {
        try {
            JsonNode envelope = Json.MAPPER.readTree(codec.encode(row));
            ObjectNode node = Json.object().put("position", row.position());
            node.setAll((ObjectNode) envelope);
            node.put("occurredAt", row.occurredAt().toString());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
