package dev.sessionlog.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.testing.RandomEvents;
import org.junit.jupiter.api.Test;

class EncodeAheadTest {
    private final EventCodec codec = EventCodec.standard();

    @Test
    void a_record_around_an_event_encoded_ahead_is_byte_for_byte_the_record_encoded_at_once() {
        RandomEvents events = new RandomEvents(20261125L);
        for (int i = 0; i < 2_000; i++) {
            RecordedEvent record = events.recorded();
            assertArrayEquals(codec.encode(record), codec.encode(record, codec.encodeAhead(record.event())),
                    "record " + i + ": " + record);
        }
    }

    @Test
    void a_record_with_metadata_is_byte_for_byte_the_record_encoded_at_once() {
        RandomEvents events = new RandomEvents(7);
        RecordedEvent plain = events.recorded();
        RecordedEvent record = new RecordedEvent(plain.position(), plain.sessionId(), plain.sequence(), plain.eventId(),
                plain.recordedAt(), plain.event(),
                new EventMetadata("corr \"1\"", "cause\n2", java.util.Map.of("k", "v}")));
        assertArrayEquals(codec.encode(record), codec.encode(record, codec.encodeAhead(record.event())));
    }

    @Test
    void the_encoding_of_another_event_is_refused() {
        RecordedEvent record = new RandomEvents(8).recorded();
        EncodedEvent other = codec.encodeAhead(UserMessageReceived.text("m-1", "not this record's event"));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(record, other));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(record, null));
    }
}
