package dev.sessionlog.kafka;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.codec.EventCodec;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a record of the events topic: one append, all of its events, so that a batch is
 * one Kafka record and stays atomic. Its key is the session id (UTF-8), so Kafka's default
 * partitioner and {@code Partitioning.partitionOf} agree on where it lives.
 *
 * <pre>
 *   int   magic  0x534C4B45 ("SLKE")
 *   byte  format version (1)
 *   long  position of the first event (the others follow it by one each)
 *   int   number of events, n
 *   n ×  { int length, then the event as EventCodec.encode(RecordedEvent) wrote it }
 * </pre>
 *
 * Reading never throws: a record that is not one of ours, is cut short, is of a newer format, or
 * holds an event that does not decode or belongs to another session comes back as the reason to
 * skip it.
 */
final class EventRecords {
    static final int MAGIC = 0x534C4B45;
    static final byte VERSION = 1;
    private static final int HEADER_BYTES = 4 + 1 + 8 + 4;
    /** More events than any append within the size limits can hold. */
    static final int MAX_EVENTS = 1 << 17;

    private EventRecords() {}

    /** The record value for {@code encoded} events whose first position is {@code firstPosition}. */
    static byte[] write(long firstPosition, List<byte[]> encoded) {
        int size = HEADER_BYTES;
        for (byte[] event : encoded) {
            size += 4 + event.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(MAGIC).put(VERSION).putLong(firstPosition).putInt(encoded.size());
        for (byte[] event : encoded) {
            out.putInt(event.length).put(event);
        }
        return out.array();
    }

    /** The record key of {@code session}'s records. */
    static byte[] key(SessionId session) {
        return session.value().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The events of one record of {@code partition}, or why it must be skipped.
     *
     * @param key the record key
     * @param value the record value
     */
    static Either<String, List<RecordedEvent>> read(EventCodec codec, int partition, byte[] key, byte[] value) {
        if (value == null) {
            return Either.left("a record without a value");
        }
        if (value.length < HEADER_BYTES || ByteBuffer.wrap(value).getInt() != MAGIC) {
            return Either.left("not a sessionlog record (" + value.length + " bytes without its header)");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        in.getInt();
        byte version = in.get();
        if (version != VERSION) {
            return Either.left("record format version " + version + ", which this version of sessionlog does not"
                    + " read (it reads " + VERSION + ")");
        }
        long first = in.getLong();
        int count = in.getInt();
        if (first < 0 || Positions.partitionOf(first) != partition) {
            return Either.left("its first position " + first + " is not one of partition " + partition);
        }
        if (count < 1 || count > MAX_EVENTS) {
            return Either.left("it claims " + count + " events");
        }
        if (key == null) {
            return Either.left("a record without a key (the key is the session id)");
        }
        String session = new String(key, StandardCharsets.UTF_8);
        List<RecordedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < 4) {
                return Either.left("it ends after " + i + " of its " + count + " events");
            }
            int length = in.getInt();
            if (length > SessionStore.MAX_EVENT_BYTES) {
                return Either.left("event " + (i + 1) + " of " + count + " claims " + length + " bytes, more than"
                        + " any event may take (" + SessionStore.MAX_EVENT_BYTES + ")");
            }
            if (length < 0 || length > in.remaining()) {
                return Either.left("event " + (i + 1) + " of " + count + " claims " + length + " bytes, "
                        + in.remaining() + " are left");
            }
            Either<String, RecordedEvent> decoded = decode(codec, partition, first + i, value, in.position(), length);
            in.position(in.position() + length);
            if (decoded.isLeft()) {
                return Either.left("event " + (i + 1) + " of " + count + ": " + decoded.getLeft());
            }
            RecordedEvent e = decoded.get();
            if (!e.sessionId().value().equals(session)) {
                return Either.left("event " + (i + 1) + " belongs to session " + e.sessionId()
                        + ", not to the record's key");
            }
            if (i > 0 && e.sequence() != events.get(i - 1).sequence() + 1) {
                return Either.left("its sequences are not consecutive");
            }
            events.add(e);
        }
        if (in.hasRemaining()) {
            return Either.left(in.remaining() + " bytes follow its last event");
        }
        return Either.right(events);
    }

    /**
     * The event encoded in {@code length} bytes of {@code bytes} from {@code offset}, at
     * {@code position} of {@code partition}, or why it does not decode.
     */
    static Either<String, RecordedEvent> decode(EventCodec codec, int partition, long position, byte[] bytes,
                                                int offset, int length) {
        Either<DecodeFailure, RecordedEvent> decoded = codec.decode(position, bytes, offset, length);
        if (decoded.isLeft()) {
            return Either.left(decoded.getLeft().describe());
        }
        RecordedEvent e = decoded.get();
        return Either.right(new RecordedEvent(e.position(), e.sessionId(), e.sequence(), e.eventId(), e.recordedAt(),
                e.event(), e.metadata(), partition));
    }

    /** The position of the first event of {@code value}, a value {@link #read} accepted. */
    static long firstPosition(byte[] value) {
        return ByteBuffer.wrap(value).getLong(5);
    }

    /** Where each event's bytes start in {@code value}, a value {@link #read} accepted. */
    static int[] eventStarts(byte[] value) {
        ByteBuffer in = ByteBuffer.wrap(value);
        int count = in.getInt(HEADER_BYTES - 4);
        int[] starts = new int[count];
        int at = HEADER_BYTES;
        for (int i = 0; i < count; i++) {
            starts[i] = at + 4;
            at = starts[i] + in.getInt(at);
        }
        return starts;
    }

    /** The length of the event whose bytes start at {@code start} of {@code value} (see {@link #eventStarts}). */
    static int eventLength(byte[] value, int start) {
        return ByteBuffer.wrap(value).getInt(start - 4);
    }
}
