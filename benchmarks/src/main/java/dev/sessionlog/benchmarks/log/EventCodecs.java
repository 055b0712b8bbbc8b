package dev.sessionlog.benchmarks.log;

import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionEvent;
import java.util.ArrayList;
import java.util.List;

/** The one codec every design decodes with, so that reads compare storage, not decoders. */
final class EventCodecs {
    private static final EventCodec CODEC = EventCodec.standard();

    private EventCodecs() {}

    static byte[] encode(SessionEvent event) {
        return CODEC.encodeEvent(event);
    }

    static SessionEvent decode(byte[] encoded) {
        return CODEC.decodeEvent(encoded).getOrElseThrow(failure ->
                new IllegalStateException("a stored event does not decode: " + failure));
    }

    static List<SessionEvent> decodeAll(List<byte[]> encoded) {
        List<SessionEvent> events = new ArrayList<>(encoded.size());
        for (byte[] bytes : encoded) {
            events.add(decode(bytes));
        }
        return events;
    }
}
