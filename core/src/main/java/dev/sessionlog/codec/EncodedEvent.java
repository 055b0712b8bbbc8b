package dev.sessionlog.codec;

import dev.sessionlog.event.SessionEvent;

/**
 * An event encoded ahead of its envelope by {@link EventCodec#encodeAhead}, so that a store can do
 * the costly part of encoding on the caller's thread, before it has assigned the sequence, id and
 * time that go around it. Only the codec creates one, so its bytes always match its event.
 */
public final class EncodedEvent {
    private final SessionEvent event;
    private final byte[] bytes;

    EncodedEvent(SessionEvent event, byte[] bytes) {
        this.event = event;
        this.bytes = bytes;
    }

    /** The event that was encoded. */
    public SessionEvent event() {
        return event;
    }

    /** How many bytes the encoded event takes. */
    public int size() {
        return bytes.length;
    }

    byte[] bytes() {
        return bytes;
    }
}
