package dev.sessionlog.codec;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.event.SessionEvent;
import io.vavr.control.Either;

/**
 * The JSON wire format of events: each event type has a stable wire name and schema version chosen
 * here (never a Java class name). Decoding never throws: failures are {@link DecodeFailure}s.
 * Thread-safe.
 */
public final class EventCodec {

    private EventCodec() {}

    /** The codec with every built-in upcaster. */
    public static EventCodec standard() {
        throw new UnsupportedOperationException("TODO(codec)");
    }

    /** The encoded event alone: {@code {"type":…,"v":…,"data":{…}}}. */
    public byte[] encodeEvent(SessionEvent event) {
        throw new UnsupportedOperationException("TODO(codec)");
    }

    /** Decodes what {@link #encodeEvent} wrote. */
    public Either<DecodeFailure, SessionEvent> decodeEvent(byte[] bytes) {
        throw new UnsupportedOperationException("TODO(codec)");
    }

    /** The envelope and event, everything but the position (which the log assigns). */
    public byte[] encode(RecordedEvent event) {
        throw new UnsupportedOperationException("TODO(codec)");
    }

    /** Decodes what {@link #encode} wrote, giving it {@code position}. */
    public Either<DecodeFailure, RecordedEvent> decode(long position, byte[] bytes) {
        throw new UnsupportedOperationException("TODO(codec)");
    }
}
