package dev.sessionlog.openclaw;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.EventId;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.event.SessionEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Shared helpers of the OpenClaw codec tests: resources, fixtures, recording and exporting. */
final class OpenClawTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant RECORDED_AT = Instant.parse("2026-11-24T12:00:00Z");

    private OpenClawTestSupport() {}

    /** A file of {@code openclaw/src/test/resources/openclaw/}. */
    static Path resource(String name) {
        try {
            return Path.of(OpenClawTestSupport.class.getResource("/openclaw/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The real pi fixtures, {@code shared/fixtures/pi-sessions} beside the repository (tests run in the
     * module directory, so {@code ../../shared/…}; {@code ../shared/…} for a checkout that holds {@code shared/}
     * itself), if present.
     */
    static Optional<Path> piFixtures() {
        for (String candidate : List.of("../shared/fixtures/pi-sessions", "../../shared/fixtures/pi-sessions")) {
            Path path = Path.of(candidate);
            if (Files.isDirectory(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** The import's events as a store would record them in a new session: sequences 1, 2, 3 … */
    static List<RecordedEvent> recorded(TranscriptImport imported) {
        assertTrue(imported.ok(), () -> "import refused: " + imported.error());
        List<RecordedEvent> events = new ArrayList<>();
        long sequence = 1;
        for (NewEvent event : imported.events()) {
            events.add(new RecordedEvent(sequence - 1, imported.sessionId(), sequence,
                    new EventId(UUID.nameUUIDFromBytes(Long.toString(sequence).getBytes(StandardCharsets.UTF_8))),
                    RECORDED_AT.plusMillis(sequence), event.event(), event.metadata()));
            sequence++;
        }
        return events;
    }

    static String export(List<RecordedEvent> events) {
        StringWriter out = new StringWriter();
        try {
            OpenClawTranscriptWriter.write(events, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static List<ObjectNode> lines(String jsonl) {
        List<ObjectNode> lines = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (!line.isBlank()) {
                lines.add(parse(line));
            }
        }
        return lines;
    }

    static List<ObjectNode> lines(Path file) {
        try {
            return lines(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean sameJson(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> x.equals(y) || x.isNumber() && y.isNumber()
                && x.decimalValue().compareTo(y.decimalValue()) == 0 ? 0 : 1, b);
    }

    /** The events of the import, without metadata. */
    static List<SessionEvent> events(TranscriptImport imported) {
        return imported.events().stream().map(NewEvent::event).toList();
    }

    /** Writes {@code content} to {@code dir/name}. */
    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
