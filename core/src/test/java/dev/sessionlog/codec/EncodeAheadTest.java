package dev.sessionlog.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.testing.RandomEvents;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The codec writes a record's envelope by hand around an event encoded ahead. These tests hold it
 * to what Jackson writes for the same envelope, byte for byte, so the hand-written part can never
 * drift from JSON.
 */
class EncodeAheadTest {
    private final EventCodec codec = EventCodec.standard();

    @Test
    void a_record_is_byte_for_byte_what_jackson_writes_for_random_records() throws IOException {
        RandomEvents events = new RandomEvents(20261125L);
        SplittableRandom random = new SplittableRandom(20261125L);
        for (int i = 0; i < 500; i++) {
            RecordedEvent drawn = events.recorded();
            RecordedEvent record = new RecordedEvent(drawn.position(), drawn.sessionId(),
                    1 + random.nextLong(Long.MAX_VALUE - 1), drawn.eventId(), instant(random), drawn.event(),
                    i % 3 == 0 ? drawn.metadata() : metadata(random));
            assertArrayEquals(withJackson(record), codec.encode(record, codec.encodeAhead(record.event())),
                    "record " + i + ": " + record);
            assertArrayEquals(withJackson(record), codec.encode(record), "record " + i + ": " + record);
        }
    }

    @Test
    void metadata_with_quotes_newlines_and_non_ascii_text_is_escaped_as_jackson_escapes_it() throws IOException {
        RecordedEvent plain = new RandomEvents(7).recorded();
        RecordedEvent record = new RecordedEvent(plain.position(), SessionId.of("a.b-c_D9"), 1,
                new EventId(new UUID(0, 0)), Instant.MAX, plain.event(),
                new EventMetadata("corr \"1\"", "cause\n2\u0000", Map.of("k\u00e9", "v} \ud83d\ude00")));
        assertArrayEquals(withJackson(record), codec.encode(record, codec.encodeAhead(record.event())));
    }

    @Test
    void the_encoding_of_another_event_is_refused() {
        RecordedEvent record = new RandomEvents(8).recorded();
        EncodedEvent other = codec.encodeAhead(UserMessageReceived.text("m-1", "not this record's event"));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(record, other));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(record, null));
    }

    private static Instant instant(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> Instant.ofEpochSecond(random.nextLong(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                    random.nextInt(1_000_000_000));
            case 1 -> Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1000) * 1_000_000);
            case 2 -> Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L));
            default -> Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000));
        };
    }

    private static EventMetadata metadata(SplittableRandom random) {
        String[] texts = {null, "turn-3", "a \"quoted\" \\ text", "line\nbreak\ttab", "caf\u00e9 \u2603", "\u0001"};
        String correlation = texts[random.nextInt(texts.length)];
        String causation = texts[random.nextInt(texts.length)];
        Map<String, String> attributes = random.nextBoolean() ? Map.of()
                : Map.of("openclaw.id", "x" + random.nextInt(), "k\u00e9y", texts[1 + random.nextInt(texts.length - 1)]);
        return new EventMetadata(correlation, causation, attributes);
    }

    /** The record as a Jackson generator writes it: the envelope, then the event's own bytes. */
    private byte[] withJackson(RecordedEvent record) throws IOException {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator out = Json.RECORDS.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField("sessionId", record.sessionId().value());
            out.writeNumberField("sequence", record.sequence());
            out.writeStringField("eventId", record.eventId().toString());
            out.writeStringField("recordedAt", Instants.format(record.recordedAt()));
            EventMetadata metadata = record.metadata();
            if (metadata.correlationId() != null || metadata.causationId() != null
                    || !metadata.attributes().isEmpty()) {
                out.writeObjectFieldStart("metadata");
                if (metadata.correlationId() != null) {
                    out.writeStringField("correlationId", metadata.correlationId());
                }
                if (metadata.causationId() != null) {
                    out.writeStringField("causationId", metadata.causationId());
                }
                if (!metadata.attributes().isEmpty()) {
                    EventWriter.writeStringMap(out, "attributes", metadata.attributes());
                }
                out.writeEndObject();
            }
            out.writeFieldName("event");
            out.writeRawValue(new String(codec.encodeEvent(record.event()), java.nio.charset.StandardCharsets.UTF_8));
            out.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
