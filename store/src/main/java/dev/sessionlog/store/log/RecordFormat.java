package dev.sessionlog.store.log;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionId;
import dev.sessionlog.spi.SessionLedger;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The framing of one log record: all events of one append, so an append is stored whole or not at all
 * (Chronicle commits a document atomically). The header names the session and first sequence, so the
 * index can be rebuilt by scanning headers without decoding events; a CRC32C over the record catches
 * corrupted bytes. Layout (big-endian):
 * <pre>
 * byte  format version (1)
 * byte  flags: 1 = the append ends its session as deleted (so a header scan knows deletions)
 * byte  session id length n, then n ASCII bytes
 * long  sequence of the first event
 * int   event count c (1..10,000)
 * c × { int length, bytes: the EventCodec payload }
 * int   CRC32C of every byte before it
 * </pre>
 * A record of a deleted session is <b>erased</b> where it lies ({@link #erased(int)}): the same
 * length, so Chronicle's headers and index and every other record's position stay as they were, but
 * the byte {@code 0xEE} where the version was, zeros after it and a CRC32C of them at the end. It
 * names no session and holds no event; readers skip it, and a scan counts it as the record it was.
 */
public final class RecordFormat {
    /** The framing version this code writes and reads. */
    private static final byte VERSION = 1;
    /** The first byte of an erased record, in place of the version. */
    private static final byte ERASED = (byte) 0xEE;
    /** The most events one record (one append) holds: the ledger's largest append. */
    static final int MAX_EVENTS = SessionLedger.MAX_BATCH;
    /** The fewest bytes a record takes: the fixed fields, a one-character session id, the checksum. */
    static final int MIN_BYTES = 1 + 1 + 1 + 1 + 8 + 4 + 4;

    private RecordFormat() {}

    /** The flag of a record whose last event is {@code SessionEnded(DELETED)}. */
    public static final int DELETES_SESSION = 1;

    /** Frames the payloads of one append. */
    public static byte[] encode(SessionId session, int flags, long firstSequence, List<byte[]> payloads) {
        requireArgument(!payloads.isEmpty() && payloads.size() <= MAX_EVENTS,
                "a record holds 1 to %s events, got %s", MAX_EVENTS, payloads.size());
        byte[] id = session.value().getBytes(StandardCharsets.US_ASCII);
        int size = 1 + 1 + 1 + id.length + 8 + 4 + 4;
        for (byte[] payload : payloads) {
            size += 4 + payload.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.put(VERSION).put((byte) flags).put((byte) id.length).put(id).putLong(firstSequence).putInt(payloads.size());
        for (byte[] payload : payloads) {
            buffer.putInt(payload.length).put(payload);
        }
        buffer.putInt(crc(buffer.array(), size - 4));
        return buffer.array();
    }

    /** The bytes a record of these payloads takes, without building it. */
    public static long encodedSize(SessionId session, List<byte[]> payloads) {
        long size = 1 + 1 + 1 + session.value().length() + 8 + 4 + 4;
        for (byte[] payload : payloads) {
            size += 4 + payload.length;
        }
        return size;
    }

    /**
     * The bytes that replace a record of {@code length} bytes when its session is erased: the erased
     * mark, zeros, and a CRC32C of them, so an erased record is told from damaged bytes.
     */
    public static byte[] erased(int length) {
        requireArgument(length >= MIN_BYTES, "a record has at least %s bytes, got %s", MIN_BYTES, length);
        byte[] bytes = new byte[length];
        bytes[0] = ERASED;
        ByteBuffer.wrap(bytes).putInt(length - 4, crc(bytes, length - 4));
        return bytes;
    }

    /** Parses a record; never throws: damaged bytes come back as a description. */
    public static Either<String, Frame> parse(byte[] bytes) {
        return parse(bytes, null);
    }

    /**
     * Like {@link #parse(byte[])}, giving the frame {@code expected} (may be null) when the header
     * names that session: a read knows its session, and validating the header's copy of the id again
     * for every record cost as much as the checksum.
     */
    public static Either<String, Frame> parse(byte[] bytes, SessionId expected) {
        if (bytes.length < MIN_BYTES) {
            return Either.left("record of " + bytes.length + " bytes is too short");
        }
        if (bytes[0] != VERSION && bytes[0] != ERASED) {
            return Either.left("record format version " + bytes[0] + " is not " + VERSION);
        }
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != crc(bytes, bytes.length - 4)) {
            return Either.left("record checksum mismatch: the bytes are corrupted");
        }
        if (bytes[0] == ERASED) {
            return Either.right(Frame.erased(bytes));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
        buffer.get();
        int flags = buffer.get() & 0xff;
        int idLength = buffer.get() & 0xff;
        if (idLength < 1 || idLength > SessionId.MAX_LENGTH || buffer.remaining() < idLength + 12) {
            return Either.left("record has an invalid session id length " + idLength);
        }
        SessionId session = names(bytes, buffer.position(), idLength, expected) ? expected : null;
        if (session == null) {
            try {
                session = new SessionId(new String(bytes, buffer.position(), idLength, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                return Either.left("record has an invalid session id");
            }
        }
        buffer.position(buffer.position() + idLength);
        long firstSequence = buffer.getLong();
        int count = buffer.getInt();
        if (firstSequence < 1 || count < 1 || count > MAX_EVENTS) {
            return Either.left("record has sequence " + firstSequence + " and " + count + " events");
        }
        int[] offsets = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            if (buffer.remaining() < 4) {
                return Either.left("record ends inside event " + (i + 1) + " of " + count);
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                return Either.left("event " + (i + 1) + " of " + count + " claims " + length + " bytes");
            }
            offsets[i] = buffer.position();
            lengths[i] = length;
            buffer.position(buffer.position() + length);
        }
        if (buffer.hasRemaining()) {
            return Either.left("record has " + buffer.remaining() + " unexpected trailing bytes");
        }
        return Either.right(new Frame(session, flags, firstSequence, bytes, offsets, lengths));
    }

    /**
     * The length of the record that starts at the beginning of {@code bytes}, from its own framing
     * (the session id's length, the event count, each event's length), or -1 when the bytes do not
     * frame a whole record. Finds a record whose Chronicle header was damaged; only
     * {@link #parse} says whether its bytes check.
     */
    static int framedLength(byte[] bytes) {
        if (bytes.length < MIN_BYTES || bytes[0] != VERSION) {
            return -1; // an erased record whose Chronicle header is damaged is not found again: it holds nothing
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int idLength = bytes[2] & 0xff;
        long at = 3L + idLength + 8;
        if (idLength < 1 || idLength > SessionId.MAX_LENGTH || at + 4 > bytes.length) {
            return -1;
        }
        int count = buffer.getInt((int) at);
        at += 4;
        if (count < 1 || count > MAX_EVENTS) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            if (at + 4 > bytes.length) {
                return -1;
            }
            int length = buffer.getInt((int) at);
            if (length < 0) {
                return -1;
            }
            at += 4L + length;
        }
        at += 4;
        return at <= bytes.length ? (int) at : -1;
    }

    /** Whether the {@code length} bytes at {@code offset} are exactly {@code session}'s id (always lower case). */
    private static boolean names(byte[] bytes, int offset, int length, SessionId session) {
        if (session == null || session.value().length() != length) {
            return false;
        }
        String id = session.value();
        for (int i = 0; i < length; i++) {
            if (bytes[offset + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /**
     * A parsed record; payloads are copied out or decoded one at a time, so reading one event decodes
     * only it. An {@link #erased()} record names no session (null) and holds no events.
     */
    public static final class Frame {
        private static final int[] NONE = new int[0];

        private final SessionId session;
        private final int flags;
        private final long firstSequence;
        /** The whole record; payloads are decoded where they lie ({@link LogReader}), never modified. */
        final byte[] bytes;
        private final int[] offsets;
        private final int[] lengths;

        Frame(SessionId session, int flags, long firstSequence, byte[] bytes, int[] offsets, int[] lengths) {
            this.session = session;
            this.flags = flags;
            this.firstSequence = firstSequence;
            this.bytes = bytes;
            this.offsets = offsets;
            this.lengths = lengths;
        }

        /** An erased record's frame. */
        static Frame erased(byte[] bytes) {
            return new Frame(null, 0, 0, bytes, NONE, NONE);
        }

        /** Whether the record was erased: its session was deleted, its bytes overwritten. */
        public boolean erased() {
            return session == null;
        }

        /** The session; null when the record is {@link #erased()}. */
        public SessionId session() {
            return session;
        }

        /** Whether the append ended its session as deleted. */
        public boolean deletesSession() {
            return (flags & DELETES_SESSION) != 0;
        }

        /** The sequence of the first event. */
        public long firstSequence() {
            return firstSequence;
        }

        /** How many events. */
        public int count() {
            return offsets.length;
        }

        /** Where the payload of event {@code slot} (0-based) starts in {@link #bytes}. */
        int offset(int slot) {
            return offsets[slot];
        }

        /** The length of the payload of event {@code slot} (0-based). */
        int length(int slot) {
            return lengths[slot];
        }

        /** The codec payload of event {@code slot} (0-based). */
        public byte[] payload(int slot) {
            byte[] payload = new byte[lengths[slot]];
            System.arraycopy(bytes, offsets[slot], payload, 0, payload.length);
            return payload;
        }
    }
}
