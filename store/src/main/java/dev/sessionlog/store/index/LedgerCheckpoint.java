package dev.sessionlog.store.index;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.OpenCall;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.Positions;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The writer's ledger ({@link LedgerState}: session index, idempotency-key fingerprints, open calls)
 * saved beside the index checkpoint and covering a log index, so that opening a store replays only the
 * records after it instead of decoding every stored event. Written and checked as a
 * {@link CheckpointFile}; the format version also pins the ledger's key hash function.
 *
 * <p>Reading trusts nothing: a checkpoint is used only when it parses exactly, every count fits in
 * the bytes that follow, and it agrees with the position index (see {@link #read}). Anything else
 * means "no checkpoint", and the ledger is rebuilt from the log, which is the source of truth.
 * Open calls are saved as the position of their start event and read back from the log, so the
 * checkpoint never holds a second encoding of an event.
 */
public final class LedgerCheckpoint {
    /** The file name inside the store directory. */
    public static final String FILE_NAME = "ledger.checkpoint";
    private static final int MAGIC = 0x534c4c47; // "SLLG"
    private static final int VERSION = 2;
    /** The fewest bytes one session entry takes: every fixed field, every string empty or null. */
    private static final int MIN_SESSION_BYTES = 1 + 6 * 4 + 3 * 8 + 4 + 2 * 12 + 8;

    /**
     * A checkpoint that passed every check.
     *
     * @param coveredIndex the Chronicle index of the last record the state includes, -1 for none
     * @param state the ledger's state after that record
     */
    record Loaded(long coveredIndex, LedgerState state) {}

    private LedgerCheckpoint() {}

    /** Writes {@code state}, which includes every record up to {@code coveredIndex}, atomically into {@code dir}. */
    public static void write(Path dir, long coveredIndex, LedgerState state) throws IOException {
        CheckpointFile.write(dir, FILE_NAME, MAGIC, VERSION, out -> {
            out.writeLong(coveredIndex);
            out.writeInt(state.sessions().size());
            for (LedgerState.Session session : state.sessions()) {
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
        });
    }

    /**
     * The checkpoint in {@code dir}, or empty when it is missing, damaged, of another version, or
     * does not agree with {@code index}: it must cover no more of the log than the index, every
     * session it names must be indexed with its last event at or before the covered index and its
     * next one after it, every indexed session that starts at or before the covered index must be
     * named, and every open call must name a stored {@code ModelCallStarted}.
     */
    static Optional<Loaded> read(Path dir, PositionIndex index, LogReader reader) {
        return CheckpointFile.read(dir, FILE_NAME, MAGIC, VERSION).flatMap(buffer -> {
            try {
                return parse(buffer, index, reader);
            } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Each session's last sequence and the position of that event, as the checkpoint in {@code dir}
     * recorded them, without checking them against a log: what the log held when it was written, for
     * telling which events damage took. Empty when the file is missing or fails its checks.
     */
    static Map<SessionId, CheckpointKnowledge.Known> knownSessions(Path dir) {
        return CheckpointFile.read(dir, FILE_NAME, MAGIC, VERSION).map(in -> {
            try {
                in.getLong();
                int sessionCount = count(in, MIN_SESSION_BYTES);
                Map<SessionId, CheckpointKnowledge.Known> known = new HashMap<>(sessionCount * 4 / 3 + 1);
                for (int i = 0; i < sessionCount; i++) {
                    LedgerState.Session session = readSession(in);
                    known.put(session.summary().sessionId(),
                            new CheckpointKnowledge.Known(session.summary().lastSequence(), session.lastPosition()));
                }
                return known;
            } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
                return Map.<SessionId, CheckpointKnowledge.Known>of();
            }
        }).orElse(Map.of());
    }

    private static Optional<Loaded> parse(ByteBuffer in, PositionIndex index, LogReader reader) {
        long covered = in.getLong();
        if (covered < -1 || covered > index.lastIndex()) {
            return Optional.empty();
        }
        int sessionCount = count(in, MIN_SESSION_BYTES);
        List<LedgerState.Session> sessions = new ArrayList<>(sessionCount);
        Map<SessionId, SessionSummary> summaries = new HashMap<>();
        for (int i = 0; i < sessionCount; i++) {
            LedgerState.Session session = readSession(in);
            SessionSummary summary = session.summary();
            if (summaries.put(summary.sessionId(), summary) != null
                    || !agreesWithIndex(summary, session.lastPosition(), index, covered)) {
                return Optional.empty();
            }
            sessions.add(session);
        }
        if (!namesEveryIndexedSession(summaries, index, covered)) {
            return Optional.empty();
        }
        int keyCount = count(in, 8);
        int[] fingerprints = new int[keyCount];
        int[] sequences = new int[keyCount];
        for (int i = 0; i < keyCount; i++) {
            fingerprints[i] = in.getInt();
            sequences[i] = in.getInt();
            if (sequences[i] < 1) {
                return Optional.empty();
            }
        }
        int collidedCount = count(in, 12);
        Map<String, Long> collided = new HashMap<>();
        for (int i = 0; i < collidedCount; i++) {
            String key = readText(in);
            long sequence = in.getLong();
            if (key == null || key.indexOf('\n') < 0 || sequence < 1) {
                return Optional.empty();
            }
            collided.put(key, sequence);
        }
        int callCount = count(in, 12);
        List<OpenCall> openCalls = new ArrayList<>(callCount);
        for (int i = 0; i < callCount; i++) {
            SessionId session = new SessionId(readText(in));
            long sequence = in.getLong();
            SessionSummary summary = summaries.get(session);
            if (summary == null || sequence < 1 || sequence > summary.lastSequence()) {
                return Optional.empty();
            }
            Optional<OpenCall> call = openCall(session, sequence, index, reader);
            if (call.isEmpty()) {
                return Optional.empty();
            }
            openCalls.add(call.get());
        }
        if (in.hasRemaining()) {
            return Optional.empty();
        }
        return Optional.of(new Loaded(covered, new LedgerState(sessions, fingerprints, sequences, collided, openCalls)));
    }

    /** The session's newest event in the ledger is the last one the index holds at or before {@code covered}. */
    private static boolean agreesWithIndex(SessionSummary summary, long lastPosition, PositionIndex index,
                                           long covered) {
        Optional<SessionPositions> indexed = index.session(summary.sessionId());
        if (indexed.isEmpty()) {
            return false;
        }
        SessionPositions positions = indexed.get();
        long last = summary.lastSequence();
        if (last < 1 || last > positions.size() || positions.position(last) != lastPosition || lastPosition < 0
                || Positions.index(lastPosition) > covered) {
            return false;
        }
        long next = last < positions.size() ? positions.position(last + 1) : Long.MAX_VALUE;
        return next != Positions.ABSENT && (next == Long.MAX_VALUE || Positions.index(next) > covered);
    }

    private static boolean namesEveryIndexedSession(Map<SessionId, SessionSummary> summaries, PositionIndex index,
                                                    long covered) {
        for (Map.Entry<SessionId, SessionPositions> entry : index.sessions().entrySet()) {
            long first = entry.getValue().position(1);
            if (first >= 0 && Positions.index(first) <= covered && !summaries.containsKey(entry.getKey())) {
                return false;
            }
        }
        return true;
    }

    private static Optional<OpenCall> openCall(SessionId session, long sequence, PositionIndex index,
                                               LogReader reader) {
        long position = index.session(session).map(p -> p.position(sequence)).orElse(Positions.ABSENT);
        if (position < 0) {
            return Optional.empty();
        }
        return reader.read(session, sequence, new long[] {position}).stream()
                .map(RecordedEvent::event)
                .filter(ModelCallStarted.class::isInstance)
                .map(started -> new OpenCall(session, (ModelCallStarted) started, sequence))
                .findFirst();
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
        long totalTokens = in.getLong();
        Instant createdAt = readInstant(in);
        Instant updatedAt = readInstant(in);
        String endReason = readText(in);
        long lastPosition = in.getLong();
        if (messageCount < 0 || openCalls < 0 || totalTokens < 0) {
            throw new IllegalArgumentException("negative count in session " + sessionId);
        }
        return new LedgerState.Session(new SessionSummary(sessionId, key == null ? null : new SessionKey(key), agentId,
                channel, state, lastSequence, messageCount, openCalls,
                failure == null ? null : FailureKind.valueOf(failure), model, totalTokens, createdAt, updatedAt,
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
            throw new IllegalArgumentException("bad text length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String required(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing text");
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
            throw new IllegalArgumentException("bad count " + count);
        }
        return count;
    }
}
