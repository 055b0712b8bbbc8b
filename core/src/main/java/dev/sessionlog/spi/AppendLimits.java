package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.InvalidEventException;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import java.util.List;

/**
 * The size limits of an append, the same in every store: code tested against one store meets the
 * same limits, with the same errors, in another. Sizes are those of the codec's encoding of each
 * event as stored, envelope included ({@link dev.sessionlog.codec.EventCodec#encode(RecordedEvent)}).
 *
 * <p>A store's writer checks what it is about to write, after {@link SessionLedger#plan} (so the
 * session's rules are reported first, and the events the store adds to an append count too), by
 * calling {@link #check} with the planned events and their encodings.
 */
public final class AppendLimits {
    /** The largest event, encoded, in bytes (4 MiB). */
    public static final int MAX_EVENT_BYTES = SessionStore.MAX_EVENT_BYTES;
    /**
     * The most bytes the encoded events of one append may take together: 8 MiB less 64 KiB. A store
     * writes an append as one record, and the durable store's largest record is 8 MiB (a quarter of
     * its 32 MiB Chronicle blocks); the 64 KiB left are for the record's own framing (a header and 4
     * bytes per event: 40 KiB for {@value SessionLedger#MAX_BATCH} events).
     */
    public static final int MAX_APPEND_BYTES = SessionStore.MAX_APPEND_BYTES;

    private AppendLimits() {}

    /**
     * Refuses an append whose events are too large.
     *
     * @param session the session appended to
     * @param events the events to write, as {@link AppendPlan#toWrite()} gives them
     * @param encoded the encoding of each event, in the same order
     * @throws InvalidEventException naming the size and the limit (never the content) when an event
     *     encodes to more than {@value #MAX_EVENT_BYTES} bytes, or all of them to more than
     *     {@value #MAX_APPEND_BYTES}
     */
    public static void check(SessionId session, List<RecordedEvent> events, List<byte[]> encoded) {
        requireArgument(events.size() == encoded.size(), "%s events but %s encodings", events.size(), encoded.size());
        long total = 0;
        for (int i = 0; i < encoded.size(); i++) {
            int size = encoded.get(i).length;
            if (size > MAX_EVENT_BYTES) {
                RecordedEvent event = events.get(i);
                throw new InvalidEventException(session, "event " + event.sequence() + " ("
                        + event.event().getClass().getSimpleName() + ") is " + size
                        + " bytes encoded, more than the limit of " + MAX_EVENT_BYTES + " bytes");
            }
            total += size;
        }
        if (total > MAX_APPEND_BYTES) {
            throw new InvalidEventException(session, "the append encodes to " + total + " bytes, more than the "
                    + MAX_APPEND_BYTES + " one append may take");
        }
    }
}
