package dev.sessionlog.kafka;

import dev.sessionlog.EventId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.codec.EventCodec;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An append forwarded to the owner of its partition through the requests topic, and its format:
 *
 * <pre>
 *   int   magic  0x534C4B51 ("SLKQ")
 *   byte  format version (1)
 *   long, long  request id (a random UUID)
 *   int, bytes  the node to reply to (UTF-8)
 *   int, bytes  the session id (UTF-8)
 *   long  the expected sequence (-1 for any)
 *   int   number of events, n
 *   n ×  { int length, then the event and its metadata as EventCodec.encode(RecordedEvent) writes a
 *          stored event, with placeholder sequence, id and time that the owner replaces }
 * </pre>
 *
 * @param id the request's id, which its reply names
 * @param replyTo the node that waits for the reply
 * @param session the session appended to
 * @param expected the expected sequence
 * @param events the events, with their metadata
 */
record AppendRequest(UUID id, String replyTo, SessionId session, ExpectedSequence expected, List<NewEvent> events) {
    static final int MAGIC = 0x534C4B51;
    static final byte VERSION = 1;
    private static final EventId PLACEHOLDER_ID = new EventId(new UUID(0, 0));

    /** The record value. */
    byte[] write(EventCodec codec) {
        List<byte[]> encoded = new ArrayList<>(events.size());
        int size = 4 + 1 + 16 + 4 + 4 + 8 + 4;
        for (NewEvent event : events) {
            byte[] bytes = codec.encode(new RecordedEvent(0, session, 1, PLACEHOLDER_ID, Instant.EPOCH, event.event(),
                    event.metadata()));
            encoded.add(bytes);
            size += 4 + bytes.length;
        }
        byte[] node = replyTo.getBytes(StandardCharsets.UTF_8);
        byte[] sessionBytes = session.value().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(size + node.length + sessionBytes.length);
        out.putInt(MAGIC).put(VERSION).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        out.putInt(node.length).put(node).putInt(sessionBytes.length).put(sessionBytes);
        out.putLong(expected.isAny() ? -1 : expected.value());
        out.putInt(encoded.size());
        for (byte[] bytes : encoded) {
            out.putInt(bytes.length).put(bytes);
        }
        return out.array();
    }

    /** The request in a record value, or why it cannot be one. Never throws. */
    static Either<String, AppendRequest> read(EventCodec codec, byte[] value) {
        try {
            return parse(codec, value);
        } catch (RuntimeException e) { // a short buffer, a bad id, a negative count
            return Either.left("a malformed append request: " + e.getClass().getSimpleName());
        }
    }

    private static Either<String, AppendRequest> parse(EventCodec codec, byte[] value) {
        if (value == null || value.length < 5) {
            return Either.left("not an append request");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        if (in.getInt() != MAGIC) {
            return Either.left("not an append request");
        }
        byte version = in.get();
        if (version != VERSION) {
            return Either.left("append request format version " + version + ", which this version does not read");
        }
        UUID id = new UUID(in.getLong(), in.getLong());
        String replyTo = string(in);
        SessionId session = SessionId.of(string(in));
        long expected = in.getLong();
        int count = in.getInt();
        if (count < 0 || count > EventRecords.MAX_EVENTS) {
            return Either.left("an append request claiming " + count + " events");
        }
        List<NewEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                return Either.left("an append request cut short");
            }
            Either<DecodeFailure, RecordedEvent> decoded = codec.decode(0, value, in.position(), length);
            in.position(in.position() + length);
            if (decoded.isLeft()) {
                return Either.left("event " + (i + 1) + " of an append request: " + decoded.getLeft().describe());
            }
            events.add(new NewEvent(decoded.get().event(), decoded.get().metadata()));
        }
        return Either.right(new AppendRequest(id, replyTo, session,
                expected < 0 ? ExpectedSequence.any() : ExpectedSequence.exactly(expected), events));
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("string length");
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
