package dev.sessionlog.store.index;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.OpenCall;
import dev.sessionlog.spi.SessionEntries;
import dev.sessionlog.spi.SessionImage;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.util.TextArena;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.DateTimeException;
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
 * <p>Format 4 (written since the session index keeps each session's provider): the covered index,
 * the session index as {@link SessionImage} rows, then the key table, the collided keys and the open
 * calls. It loads without an object per session. Formats 3 (the same, its rows without the provider)
 * and 2 (before the index became rows, {@link LedgerCheckpointV2}) do not say the provider, so a
 * writer does not restore its ledger from them: a store written by those versions is replayed from
 * its log once, which gives every session its provider, and its next checkpoint is format 4. A
 * reader does restore from format 3 when asked ({@code withoutProviders}): it cannot write a newer
 * checkpoint, so while an older gateway keeps writing format 3, every read-only open (each CLI
 * command) would otherwise replay the whole log; its sessions show no provider until a later event
 * names one. What the older formats say about the log (each session's last event,
 * {@link #knownSessions}) is still read, so damage that took the log's end is told as before.
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
    private static final int VERSION = 4;
    /** The format whose rows lack the provider: read only for {@link #knownSessions}. */
    private static final int VERSION_WITHOUT_PROVIDER = 3;

    /**
     * A checkpoint that passed every check.
     *
     * @param coveredIndex the Chronicle index of the last record the state includes, -1 for none
     * @param state the ledger's state after that record, its sessions numbered by the index's slots
     */
    record Loaded(long coveredIndex, LedgerState state) {}

    private LedgerCheckpoint() {}

    /** Writes {@code state}, which includes every record up to {@code coveredIndex}, atomically into {@code dir}. */
    public static void write(Path dir, long coveredIndex, LedgerState state) throws IOException {
        CheckpointFile.write(dir, FILE_NAME, MAGIC, VERSION, out -> {
            out.writeLong(coveredIndex);
            SessionImage.write(state.sessions(), out);
            out.writeInt(state.keyFingerprints().length);
            for (int i = 0; i < state.keyFingerprints().length; i++) {
                out.writeInt(state.keyFingerprints()[i]);
                out.writeInt(state.keySequences()[i]);
            }
            out.writeInt(state.collidedKeys().size());
            for (Map.Entry<String, Long> collided : state.collidedKeys().entrySet()) {
                TextArena.write(collided.getKey(), out);
                out.writeLong(collided.getValue());
            }
            out.writeInt(state.openCalls().size());
            for (OpenCall call : state.openCalls()) {
                TextArena.write(call.session().value(), out);
                out.writeLong(call.sequence());
            }
        });
    }

    /**
     * The checkpoint in {@code dir}, or empty when it is missing, damaged, of another version (an
     * older one too, format 3 aside when {@code withoutProviders}: see the class notes), or does not agree with {@code index}: it must cover no more of the log than the index, every
     * session it names must be indexed with its last event at or before the covered index and its
     * next one after it, every indexed session that starts at or before the covered index must be
     * named, and every open call must name a stored {@code ModelCallStarted}. Its sessions are
     * numbered by {@code index}'s slots, so that a ledger sharing them takes them over whole.
     */
    static Optional<Loaded> read(Path dir, PositionIndex index, LogReader reader, boolean withoutProviders) {
        return CheckpointFile.read(dir, FILE_NAME, MAGIC, version -> version == VERSION
                || (withoutProviders && version == VERSION_WITHOUT_PROVIDER)).flatMap(buffer -> {
            try {
                return parse(buffer, index, reader, buffer.getInt(4) == VERSION ? SessionImage.Layout.WITH_PROVIDER
                        : SessionImage.Layout.WITHOUT_PROVIDER);
            } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Each session's last sequence and the position of that event, as the checkpoint in {@code dir}
     * recorded them, without checking them against a log: what the log held when it was written, for
     * telling which events damage took. The entries number their sessions with slots of their own.
     * Empty when the file is missing or fails its checks.
     */
    static Optional<SessionEntries> knownSessions(Path dir) {
        return CheckpointFile.read(dir, FILE_NAME, MAGIC, LedgerCheckpoint::isReadable).flatMap(in -> {
            try {
                int version = in.getInt(4);
                in.getLong();
                return Optional.of(switch (version) {
                    case VERSION -> SessionImage.readWithOwnSlots(in);
                    case VERSION_WITHOUT_PROVIDER -> SessionImage.readWithOwnSlots(in, SessionImage.Layout.WITHOUT_PROVIDER);
                    default -> LedgerCheckpointV2.readSessionsWithOwnSlots(in);
                });
            } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
                return Optional.empty();
            }
        });
    }

    private static boolean isReadable(int version) {
        return version == VERSION || version == VERSION_WITHOUT_PROVIDER || version == LedgerCheckpointV2.VERSION;
    }

    private static Optional<Loaded> parse(ByteBuffer in, PositionIndex index, LogReader reader,
                                          SessionImage.Layout layout) {
        long covered = in.getLong();
        if (covered < -1 || covered > index.lastIndex()) {
            return Optional.empty();
        }
        SessionEntries sessions = SessionImage.read(in, index.slots(), layout);
        if (!agreesWithIndex(sessions, index, covered)) {
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
            String key = TextArena.read(in);
            long sequence = in.getLong();
            if (key == null || key.indexOf('\n') < 0 || sequence < 1) {
                return Optional.empty();
            }
            collided.put(key, sequence);
        }
        int callCount = count(in, 12);
        List<OpenCall> openCalls = new ArrayList<>(callCount);
        for (int i = 0; i < callCount; i++) {
            SessionId session = new SessionId(TextArena.read(in));
            long sequence = in.getLong();
            int slot = index.slots().slotOf(session);
            if (!sessions.contains(slot) || sequence < 1 || sequence > sessions.lastSequence(slot)) {
                return Optional.empty();
            }
            Optional<OpenCall> call = openCall(session, slot, sequence, index, reader);
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

    /**
     * Every session's newest event in the ledger is the last one the index holds at or before
     * {@code covered}, and every session the index holds from before {@code covered} is in the ledger.
     */
    private static boolean agreesWithIndex(SessionEntries sessions, PositionIndex index, long covered) {
        for (int slot = 0, n = index.slots().size(); slot < n; slot++) {
            if (!sessions.contains(slot)) {
                long first = index.position(slot, 1);
                if (first >= 0 && Positions.index(first) <= covered) {
                    return false;
                }
                continue;
            }
            long last = sessions.lastSequence(slot);
            long lastPosition = sessions.lastPosition(slot);
            int size = index.size(slot);
            if (last < 1 || last > size || index.position(slot, last) != lastPosition || lastPosition < 0
                    || Positions.index(lastPosition) > covered) {
                return false;
            }
            long next = last < size ? index.position(slot, last + 1) : Long.MAX_VALUE;
            if (next == Positions.ABSENT || (next != Long.MAX_VALUE && Positions.index(next) <= covered)) {
                return false;
            }
        }
        return true;
    }

    private static Optional<OpenCall> openCall(SessionId session, int slot, long sequence, PositionIndex index,
                                               LogReader reader) {
        long position = index.position(slot, sequence);
        if (position < 0) {
            return Optional.empty();
        }
        return reader.read(session, sequence, new long[] {position}).stream()
                .map(RecordedEvent::event)
                .filter(ModelCallStarted.class::isInstance)
                .map(started -> new OpenCall(session, (ModelCallStarted) started, sequence))
                .findFirst();
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
