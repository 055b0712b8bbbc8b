package dev.sessionlog.kafka;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.OpenCall;
import io.vavr.control.Either;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The value of a record of the snapshots topic: a partition's ledger ({@link LedgerState}: session
 * index, idempotency-key fingerprints, open calls) as its writer held it between two transactions,
 * and how much of the events topic it covers, so that a node starting up restores the ledger there
 * instead of replaying every event before it. The key is the partition number (decimal, UTF-8): the
 * topic is compacted, so it keeps the newest snapshot of each partition.
 *
 * <pre>
 *   int   magic  0x534C4B53 ("SLKS")
 *   byte  format version (2; it also pins the ledger's key hash function)
 *   int   CRC-32C of every byte after this field
 *   text  the store's name
 *   int   partition
 *   long  next position: the state holds every event of the partition before it
 *   long  covered offset: the events-topic offset of the record holding the last of those events, -1 for none
 *   int   sessions, then each: its index entry and the position of its newest event
 *   int   keys, then each: int fingerprint, int sequence
 *   int   collided keys, then each: text "session id, newline, key", long sequence
 *   int   open calls, then each: text session id, long sequence of its ModelCallStarted
 * </pre>
 * (text: int length, -1 for null, then UTF-8.) Open calls are saved as where their start event is,
 * and read back from the log, so a snapshot never holds a second encoding of an event.
 *
 * <p>Reading never throws: a record that is not one of ours, is damaged (its checksum), cut short,
 * of a newer format, of another store or of another partition comes back as the reason to skip it.
 * Whether a snapshot that reads agrees with the log is the {@link Replica}'s to check.
 */
final class SnapshotRecords {
    static final int MAGIC = 0x534C4B53;
    /**
     * 2 since the session index keeps each session's provider (after the model, in each entry).
     * A snapshot of version 1 lacks it and is skipped like any other it cannot read: the partition is
     * replayed from the events topic once, which gives every session its provider.
     */
    static final byte VERSION = 2;
    private static final int HEADER_BYTES = 4 + 1 + 4;
    /**
     * The fewest bytes one session entry takes: the id's length, eight texts empty or null, four
     * longs, an int and two instants.
     */
    private static final int MIN_SESSION_BYTES = 1 + 8 * 4 + 4 * 8 + 4 + 2 * 12;

    /**
     * A snapshot that read back whole, its open calls not yet found in the log.
     *
     * @param partition the partition
     * @param nextPosition the state holds every event of the partition before this position
     * @param coveredOffset the offset of the events record holding the last of those events, -1 for none
     * @param sessions the index entries
     * @param keyFingerprints the idempotency-key fingerprints
     * @param keySequences the sequence of each fingerprint's event
     * @param collidedKeys keys held by name
     * @param openCalls where each open call's {@code ModelCallStarted} is
     */
    record LedgerSnapshot(int partition, long nextPosition, long coveredOffset, List<LedgerState.Session> sessions,
                    int[] keyFingerprints, int[] keySequences, Map<String, Long> collidedKeys,
                    List<CallStart> openCalls) {}

    /** Where an open call's start event is. */
    record CallStart(SessionId session, long sequence) {}

    private SnapshotRecords() {}

    /** The record key of {@code partition}'s snapshots. */
    static byte[] key(int partition) {
        return Integer.toString(partition).getBytes(StandardCharsets.UTF_8);
    }

    /** The record value of {@code state}, which holds every event of {@code partition} before {@code nextPosition}. */
    static byte[] write(String storeName, int partition, long nextPosition, long coveredOffset, LedgerState state) {
        List<LedgerState.Session> sessions = state.sessions().values();
        ByteArrayOutputStream body = new ByteArrayOutputStream(256 + 64 * sessions.size()
                + 8 * state.keyFingerprints().length);
        try (DataOutputStream out = new DataOutputStream(body)) {
            writeText(out, storeName);
            out.writeInt(partition);
            out.writeLong(nextPosition);
            out.writeLong(coveredOffset);
            out.writeInt(sessions.size());
            for (LedgerState.Session session : sessions) {
                writeSession(out, session);
            }
            out.writeInt(state.keyFingerprints().length);
            for (int i = 0; i < state.keyFingerprints().length; i++) {
                out.writeInt(state.keyFingerprints()[i]);
                out.writeInt(state.keySequences()[i]);
            }
            out.writeInt(state.collidedKeys().size());
            for (Map.Entry<String, Long> collided : state.collidedKeys().entrySet()) {
                writeText(out, collided.getKey());
                out.writeLong(collided.getValue());
            }
            out.writeInt(state.openCalls().size());
            for (OpenCall call : state.openCalls()) {
                writeText(out, call.session().value());
                out.writeLong(call.sequence());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        byte[] bytes = body.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return ByteBuffer.allocate(HEADER_BYTES + bytes.length).putInt(MAGIC).put(VERSION).putInt((int) crc.getValue())
                .put(bytes).array();
    }

    /**
     * The snapshot in one record of {@code partition} of the snapshots topic, or why it must be skipped.
     *
     * @param storeName the store this node opened: a snapshot of another store is foreign
     * @param key the record key
     * @param value the record value
     */
    static Either<String, LedgerSnapshot> read(String storeName, int partition, byte[] key, byte[] value) {
        if (value == null) {
            return Either.left("a record without a value");
        }
        if (value.length < HEADER_BYTES || ByteBuffer.wrap(value).getInt() != MAGIC) {
            return Either.left("not a sessionlog snapshot (" + value.length + " bytes without its header)");
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        in.getInt();
        byte version = in.get();
        if (version != VERSION) {
            return Either.left("snapshot format version " + version + ", which this version of sessionlog does not"
                    + " read (it reads " + VERSION + ")");
        }
        int expectedCrc = in.getInt();
        CRC32C crc = new CRC32C();
        crc.update(value, HEADER_BYTES, value.length - HEADER_BYTES);
        if ((int) crc.getValue() != expectedCrc) {
            return Either.left("damaged: its checksum does not match its bytes");
        }
        if (key == null || !new String(key, StandardCharsets.UTF_8).equals(Integer.toString(partition))) {
            return Either.left("its key is not partition " + partition);
        }
        try {
            return parse(storeName, partition, in);
        } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
            return Either.left("damaged: " + (e.getMessage() == null ? "it ends too early" : e.getMessage()));
        }
    }

    private static Either<String, LedgerSnapshot> parse(String storeName, int partition, ByteBuffer in) {
        String store = readText(in);
        if (!storeName.equals(store)) {
            return Either.left("a snapshot of another store (" + store + ")");
        }
        int ofPartition = in.getInt();
        long nextPosition = in.getLong();
        long coveredOffset = in.getLong();
        if (ofPartition != partition || Positions.partitionOf(nextPosition) != partition || nextPosition < 0
                || coveredOffset < -1) {
            return Either.left("a snapshot of partition " + ofPartition + " up to position " + nextPosition
                    + ", not one of partition " + partition);
        }
        int sessionCount = count(in, MIN_SESSION_BYTES);
        List<LedgerState.Session> sessions = new ArrayList<>(sessionCount);
        for (int i = 0; i < sessionCount; i++) {
            sessions.add(readSession(in));
        }
        int keyCount = count(in, 8);
        int[] fingerprints = new int[keyCount];
        int[] sequences = new int[keyCount];
        for (int i = 0; i < keyCount; i++) {
            fingerprints[i] = in.getInt();
            sequences[i] = in.getInt();
            if (sequences[i] < 1) {
                throw new IllegalArgumentException("a key of sequence " + sequences[i]);
            }
        }
        int collidedCount = count(in, 12);
        Map<String, Long> collided = new HashMap<>();
        for (int i = 0; i < collidedCount; i++) {
            String collidedKey = readText(in);
            long sequence = in.getLong();
            if (collidedKey == null || collidedKey.indexOf('\n') < 0 || sequence < 1) {
                throw new IllegalArgumentException("a malformed collided key");
            }
            collided.put(collidedKey, sequence);
        }
        int callCount = count(in, 12);
        List<CallStart> calls = new ArrayList<>(callCount);
        for (int i = 0; i < callCount; i++) {
            SessionId session = new SessionId(required(readText(in)));
            long sequence = in.getLong();
            if (sequence < 1) {
                throw new IllegalArgumentException("an open call at sequence " + sequence);
            }
            calls.add(new CallStart(session, sequence));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes follow its last open call");
        }
        return Either.right(new LedgerSnapshot(partition, nextPosition, coveredOffset, sessions, fingerprints,
                sequences, collided, calls));
    }

    private static void writeSession(DataOutputStream out, LedgerState.Session session) throws IOException {
        SessionSummary s = session.summary();
        byte[] id = s.sessionId().value().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(id.length);
        out.write(id);
        writeText(out, s.sessionKey() == null ? null : s.sessionKey().value());
        writeText(out, s.agentId());
        writeText(out, s.channel());
        writeText(out, s.state().name());
        out.writeLong(s.lastSequence());
        out.writeLong(s.messageCount());
        out.writeInt(s.openCalls());
        writeText(out, s.lastFailure() == null ? null : s.lastFailure().name());
        writeText(out, s.model());
        writeText(out, s.provider());
        out.writeLong(s.totalTokens());
        writeInstant(out, s.createdAt());
        writeInstant(out, s.updatedAt());
        writeText(out, s.endReason() == null ? null : s.endReason().name());
        out.writeLong(session.lastPosition());
    }

    private static LedgerState.Session readSession(ByteBuffer in) {
        byte[] id = new byte[in.get() & 0xff];
        in.get(id);
        SessionId sessionId = new SessionId(new String(id, StandardCharsets.US_ASCII));
        String key = readText(in);
        String agentId = readText(in);
        String channel = readText(in);
        SessionSummary.State state = SessionSummary.State.valueOf(required(readText(in)));
        long lastSequence = in.getLong();
        long messageCount = in.getLong();
        int openCalls = in.getInt();
        String failure = readText(in);
        String model = readText(in);
        String provider = readText(in);
        long totalTokens = in.getLong();
        Instant createdAt = readInstant(in);
        Instant updatedAt = readInstant(in);
        String endReason = readText(in);
        long lastPosition = in.getLong();
        if (lastSequence < 1 || messageCount < 0 || openCalls < 0 || totalTokens < 0 || lastPosition < 0) {
            throw new IllegalArgumentException("a negative count in session " + sessionId);
        }
        return new LedgerState.Session(new SessionSummary(sessionId, key == null ? null : new SessionKey(key), agentId,
                channel, state, lastSequence, messageCount, openCalls,
                failure == null ? null : FailureKind.valueOf(failure), model, provider, totalTokens, createdAt,
                updatedAt,
                endReason == null ? null : SessionEnded.Reason.valueOf(endReason)), lastPosition);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** A length-prefixed UTF-8 string, null for length -1; a length past the end is refused before allocating. */
    private static String readText(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("a text of " + length + " bytes where " + in.remaining() + " are left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String required(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a missing text");
        }
        return text;
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(ByteBuffer in) {
        return Instant.ofEpochSecond(in.getLong(), in.getInt());
    }

    /** A count of entries of at least {@code minBytes} each, refused when they cannot fit in what is left. */
    private static int count(ByteBuffer in, int minBytes) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / minBytes) {
            throw new IllegalArgumentException("a count of " + count + " entries where " + in.remaining()
                    + " bytes are left");
        }
        return count;
    }
}
