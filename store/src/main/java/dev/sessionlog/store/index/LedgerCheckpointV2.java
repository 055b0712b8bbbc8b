package dev.sessionlog.store.index;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.SessionEntries;
import dev.sessionlog.spi.SessionSlots;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What differs in format 2 of the {@link LedgerCheckpoint}, written before the session index became
 * rows (until 4f85f49): each session as its summary's fields, strings in UTF-8, enums by name, read
 * into an object per session first. Read only for what it says about the log
 * ({@link LedgerCheckpoint#knownSessions}): it does not hold the provider, so the ledger is not
 * restored from it; never written.
 */
final class LedgerCheckpointV2 {
    static final int VERSION = 2;
    /** The fewest bytes one session entry takes: every fixed field, every string empty or null. */
    private static final int MIN_SESSION_BYTES = 1 + 6 * 4 + 3 * 8 + 4 + 2 * 12 + 8;

    private LedgerCheckpointV2() {}

    /**
     * The session entries at {@code in}'s position with slots of their own, each session named given
     * one: what the checkpoint says on its own, without the store's slots.
     *
     * @throws IllegalArgumentException when they are malformed or name a session twice
     */
    static SessionEntries readSessionsWithOwnSlots(ByteBuffer in) {
        return SessionEntries.of(readSessionList(in), new SessionSlots());
    }

    private static List<LedgerState.Session> readSessionList(ByteBuffer in) {
        int count = in.getInt();
        requireArgument(count >= 0 && count <= in.remaining() / MIN_SESSION_BYTES, "bad count %s", count);
        List<LedgerState.Session> sessions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sessions.add(readSession(in));
        }
        return sessions;
    }

    /** A length-prefixed UTF-8 string, null for length -1; a length past the end is refused before allocating. */
    private static String readText(ByteBuffer in) {
        int length = in.getInt();
        if (length == -1) {
            return null;
        }
        requireArgument(length >= 0 && length <= in.remaining(), "bad text length %s", length);
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static LedgerState.Session readSession(ByteBuffer in) {
        byte[] id = new byte[in.get() & 0xff];
        in.get(id);
        SessionId sessionId = new SessionId(new String(id, StandardCharsets.US_ASCII));
        String key = readText(in);
        String agentId = readText(in);
        String channel = readText(in);
        String state = readText(in);
        requireArgument(state != null, "missing state");
        long lastSequence = in.getLong();
        long messageCount = in.getLong();
        int openCalls = in.getInt();
        String failure = readText(in);
        String model = readText(in);
        long totalTokens = in.getLong();
        Instant createdAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
        Instant updatedAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
        String endReason = readText(in);
        long lastPosition = in.getLong();
        requireArgument(messageCount >= 0 && openCalls >= 0 && totalTokens >= 0, "negative count in session %s",
                sessionId);
        return new LedgerState.Session(new SessionSummary(sessionId, key == null ? null : new SessionKey(key), agentId,
                channel, SessionSummary.State.valueOf(state), lastSequence, messageCount, openCalls,
                failure == null ? null : FailureKind.valueOf(failure), model, totalTokens, createdAt, updatedAt,
                endReason == null ? null : SessionEnded.Reason.valueOf(endReason)), lastPosition);
    }
}
